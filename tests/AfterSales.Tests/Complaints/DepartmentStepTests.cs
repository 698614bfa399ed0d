using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>Each department works its own steps, and a complaint's allowed actions are the requests that do them.</summary>
public class DepartmentStepTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _http = app.CreateClient();

    private static IEnumerable<string> Names(JsonNode complaint) => complaint["allowedActions"]!.AsArray().Select(a => a!["name"]!.GetValue<string>());

    [Fact]
    public async Task MarketingReadsAReturnButIsRefusedOnProcurementsStep()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "退货部门测试"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "returnExchange", analysis = "整批外观不良" });
        var step = c.OpenStep("returnExchange");

        var marketing = new ComplaintClient(app.CreateClient("u-mkt-9", "市场部小赵", Roles.Marketing), c.Number, c.ETag);
        var seen = await marketing.GetAsync();
        Assert.DoesNotContain("startWork", Names(seen));
        Assert.DoesNotContain(seen["allowedActions"]!.AsArray(), a => a!["step"]?.GetValue<string>() == step);
        var refused = await marketing.SendAsync("work/start", new { note = "我来处理" }, marketing.ETag);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("procurement", (await refused.ReadJsonAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await marketing.SendAsync($"steps/{step}/pause", new { reason = "waitingOnParts" }, marketing.ETag)).StatusCode);

        var procurement = new ComplaintClient(app.CreateClient("u-proc-9", "采供部老钱", Roles.Procurement), c.Number, c.ETag);
        var theirs = await procurement.GetAsync();
        var start = theirs["allowedActions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "startWork")!;
        Assert.Equal(("StartWork", "POST", $"/api/complaints/{c.Number}/work/start"),
            (start["operation"]!.GetValue<string>(), start["method"]!.GetValue<string>(), start["href"]!.GetValue<string>()));
        await procurement.DoAsync("work/start", new { note = "已安排换货" });
        Assert.Equal(HttpStatusCode.Forbidden, (await marketing.SendAsync("resolution", new { summary = "x" }, procurement.ETag)).StatusCode);
        await procurement.DoAsync("resolution", new { summary = "已换货" });
    }

    [Fact]
    public async Task TheTechnicianSentWorksTheVisitThoughTheyAreNotInTheTechnicalCenter()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "派工测试客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门" });
        await c.DoAsync("dispatch", new { technician = new { id = "t-sun", name = "孙师傅" } });
        var sent = new ComplaintClient(app.CreateClient("t-sun", "孙师傅", Roles.Technician), c.Number, c.ETag);
        Assert.Contains("recordArrival", Names(await sent.GetAsync()));
        await sent.DoAsync("arrival");
        var other = new ComplaintClient(app.CreateClient("t-li", "李师傅", Roles.Technician), c.Number, sent.ETag);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SendAsync("resolution", new { summary = "x" }, sent.ETag)).StatusCode);
        await sent.DoAsync("resolution", new { summary = "更换轴承" });
    }

    [Fact]
    public async Task EveryAllowedActionIsARequestTheApiTakesAsLinked()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "链接测试客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门" });
        var links = (await c.GetAsync())["allowedActions"]!.AsArray();
        Assert.Contains(links, a => a!["name"]!.GetValue<string>() == "dispatch" && a["operation"]!.GetValue<string>() == "DispatchTechnician");
        Assert.Contains(links, a => a!["name"]!.GetValue<string>() == "pause" && a["step"] is not null);
        foreach (var link in links)
        {
            // Without If-Match: every link reaches its handler (428), none is a route the API lacks (404/405).
            var response = await _http.PostAsync(link!["href"]!.GetValue<string>(), System.Net.Http.Json.JsonContent.Create(new { }));
            Assert.True(response.StatusCode is (HttpStatusCode)428 or HttpStatusCode.BadRequest,
                $"{link["name"]} at {link["href"]} answered {(int)response.StatusCode}");
        }

        // Following the dispatch link with the ETag does the action.
        var dispatch = links.Single(a => a!["name"]!.GetValue<string>() == "dispatch")!["href"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Post, dispatch) { Content = System.Net.Http.Json.JsonContent.Create(new { technician = new { id = "t-1", name = "赵师傅" } }) };
        request.Headers.TryAddWithoutValidation("If-Match", c.ETag);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("quality", "state=awaitingTriage", HttpStatusCode.OK)]
    [InlineData("quality", "path=returnExchange", HttpStatusCode.OK)]
    [InlineData("quality", "path=notQualityProblem", HttpStatusCode.Forbidden)]
    [InlineData("technical", "state=awaitingTriage", HttpStatusCode.OK)]
    [InlineData("technical", "path=majorOnSite", HttpStatusCode.OK)]
    [InlineData("technical", "path=returnExchange", HttpStatusCode.Forbidden)]
    [InlineData("procurement", "state=awaitingTriage", HttpStatusCode.Forbidden)]
    [InlineData("procurement", "department=procurement", HttpStatusCode.OK)]
    public async Task QualityAndTheTechnicalCenterListWhatTheyAnalyse(string role, string query, HttpStatusCode expected)
    {
        var client = app.CreateClient($"u-list-{role}", role, role);
        Assert.Equal(expected, (await client.GetAsync($"/api/complaints?{query}")).StatusCode);
    }
}

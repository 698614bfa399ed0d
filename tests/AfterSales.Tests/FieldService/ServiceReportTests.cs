using System.Net;
using System.Net.Http.Json;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.FieldService;

/// <summary>A major problem closes only once its after-sales service report (售后服务报告) is filed and received by quality.</summary>
public class ServiceReportTests(AppFixture app) : IClassFixture<AppFixture>
{
    internal static object Report(string number) => new
    {
        complaintNumber = number,
        problem = "焊缝裂纹, 同批次 12 台",
        cause = "焊接电流偏低, 熔深不足",
        handling = "现场补焊 12 台, 100% 探伤",
        result = "探伤合格, 客户试机正常",
        cost = 18600.50m,
        recommendations = "调整焊接工艺参数, 更新作业指导书",
    };

    /// <summary>Files the complaint's report and has quality receive it, then waits until the complaint knows.</summary>
    internal static async Task FileAndReceiveAsync(HttpClient http, ComplaintClient c)
    {
        var filed = await http.PostJsonAsync("/api/service-reports", Report(c.Number));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var received = await ReceiveAsync(http, filed.Headers.Location!.ToString(), filed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        await Poll.UntilAsync(c.GetAsync, x => x["related"]?["serviceReport"]?["received"]?.GetValue<bool>() == true, what: "the complaint to know quality received the report");
    }

    private static Task<HttpResponseMessage> ReceiveAsync(HttpClient http, string location, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{location}/receipt") { Content = JsonContent.Create(new { note = "已收, 归档" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return http.SendAsync(request);
    }

    private async Task<ComplaintClient> ResolvedMajorAsync(HttpClient http)
    {
        var c = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "常州重工"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "批次性裂纹" });
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        await c.DoAsync("arrival");
        await c.DoAsync("findings", new { findings = "焊缝裂纹, 同批次 12 台" });
        await c.DoAsync("approval", new { approved = true });
        await c.DoAsync("resolution", new { summary = "现场补焊", serviceReport = "见售后服务报告" });
        return c;
    }

    [Fact]
    public async Task AMajorProblemCannotCloseBeforeQualityReceivesItsServiceReport()
    {
        var http = app.CreateClient();
        var c = await ResolvedMajorAsync(http);

        var noReport = await c.SendAsync("confirmation", new { satisfied = true }, c.ETag);
        Assert.Equal(HttpStatusCode.Conflict, noReport.StatusCode);
        Assert.Contains("售后服务报告", (await noReport.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var technician = app.CreateClient("t-zhao", "赵师傅", Roles.Technician);
        var filed = await technician.PostJsonAsync("/api/service-reports", Report(c.Number));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var report = (await filed.ReadJsonAsync())["report"]!;
        Assert.Equal(18600.50m, report["cost"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.Conflict, (await technician.PostJsonAsync("/api/service-reports", Report(c.Number))).StatusCode);
        await Poll.UntilAsync(c.GetAsync, x => x["related"]?["serviceReport"] is not null, what: "the complaint to know the report is filed");
        var notReceived = await c.SendAsync("confirmation", new { satisfied = true }, c.ETag);
        Assert.Equal(HttpStatusCode.Conflict, notReceived.StatusCode);
        Assert.Contains("quality has not received", (await notReceived.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var quality = app.CreateClient("u-zhou", "周质量", Roles.Quality);
        var location = filed.Headers.Location!.ToString();
        Assert.Equal((HttpStatusCode)428, (await quality.PostJsonAsync($"{location}/receipt", new { })).StatusCode);
        var received = await ReceiveAsync(quality, location, filed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        Assert.Equal("u-zhou", (await received.ReadJsonAsync())["report"]!["receivedBy"]!["id"]!.GetValue<string>());
        await Poll.UntilAsync(c.GetAsync, x => x["related"]?["serviceReport"]?["received"]?.GetValue<bool>() == true, what: "the complaint to know quality received it");

        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
        var timeline = await c.TimelineAsync();
        Assert.Equal(2, timeline.Count(e => e!["type"]!.GetValue<string>() == "ServiceReportNoted"));
    }

    [Fact]
    public async Task AReportIsForAMajorProblemWithEveryPartStated()
    {
        var http = app.CreateClient();
        var general = await (await ComplaintClient.TakeAsync(http)).RoutedAsync();
        await general.DoAsync("triage", new { path = "generalOnSite", analysis = "异响" });

        var notMajor = await http.PostJsonAsync("/api/service-reports", Report(general.Number));
        var major = await ResolvedMajorAsync(http);
        var incomplete = await http.PostJsonAsync("/api/service-reports", new { complaintNumber = major.Number, problem = "裂纹", cost = -1 });

        Assert.Equal(HttpStatusCode.Conflict, notMajor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = (await incomplete.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equivalent(new[] { "cause", "handling", "result", "cost" }, errors);
    }
}

using System.Net;
using System.Text;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>Whatever a client sends, the answer is a 4xx problem that says what is wrong, never a 500.</summary>
public class BadInputTests(AppFixture app) : IClassFixture<AppFixture>
{
    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/api/departments/marketing/inbox?continuationToken=not-a-token", null },
        { "GET", "/api/complaints?continuationToken=%00%01garbage", null },
        { "GET", "/api/complaints?state=open", null },
        { "GET", "/api/complaints?month=202613", null },
        { "GET", "/api/complaints?overdue=maybe", null },
        { "GET", "/api/complaints/KS-209901-0001/timeline", null }, // a month no test takes complaints in
        { "GET", "/api/complaints/%3Cscript%3E", null },
        { "POST", "/api/complaints", "[]" },
        { "POST", "/api/complaints", "{\"channel\":\"phone\",\"quantity\":\"many\"}" },
        { "POST", "/api/complaints", "{\"channel\":\"phone\",\"shippingDate\":\"yesterday\"}" },
        { "POST", "/api/complaints", "{" },
        { "POST", "/api/complaints/KS-209901-0001/triage", "{\"path\":\"qualityRemote\",\"analysis\":\"x\"}" },
        { "POST", "/api/complaints/not-a-number/triage", "{\"path\":\"qualityRemote\",\"analysis\":\"x\"}" },
        { "POST", "/api/customers", "{\"name\":\"" + new string('名', 5000) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task BadRequestsGetAProblemNotACrash(string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await app.CreateClient().SendAsync(request);
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{method} {url} answered {status}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("triage", """{"path":77,"analysis":"x"}""", "path")]
    [InlineData("triage", """{"path":"qualityRemote","analysis":"LONG"}""", "analysis")]
    [InlineData("steps/s1/transfer", """{"department":9,"note":"x"}""", "department")]
    [InlineData("steps/s1/pause", """{"reason":"waitingOnParts","note":"LONG"}""", "note")]
    [InlineData("steps/s1/assignment", """{"assignee":{"id":"u-1","name":"LONG"}}""", "assignee.name")]
    public async Task AnOversizedOrUnknownValueInAnActionIsRefusedAndNothingChanges(string action, string body, string field)
    {
        var client = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(client)).RoutedAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{c.Number}/{action}")
        {
            Content = new StringContent(body.Replace("LONG", new string('长', 100_000), StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", c.ETag);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.ReadJsonAsync()).ToJsonString();
        Assert.Contains(field.Split('.')[0], problem, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, (await c.GetAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOversizedIntakeFieldIsRefusedByName()
    {
        var intake = System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(), Api.Options)!;
        intake["product"] = new string('型', 100_000);

        var response = await app.CreateClient().PostAsync("/api/complaints", new StringContent(intake.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["product"]);
    }

    [Fact]
    public async Task AnActionOnAStepThatDoesNotExistNamesTheStep()
    {
        var client = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(client)).RoutedAsync();
        var response = await c.SendAsync("steps/s99/pause", new { reason = "waitingOnParts" }, c.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("s99", (await response.ReadJsonAsync())["errors"]!["stepId"]![0]!.GetValue<string>());
    }
}

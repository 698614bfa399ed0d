using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

public class ComplaintSliceTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ATakenComplaintAppearsInTheMarketingInbox()
    {
        var client = app.CreateClient();
        var response = await client.PostJsonAsync("/api/complaints", Api.Intake(customer: "常州动力设备厂"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var number = created["number"]!.GetValue<string>();
        Assert.Matches(@"^KS-\d{6}-\d{4}$", number);
        Assert.Equal($"/api/complaints/{number}", response.Headers.Location!.ToString());
        Assert.Equal("王芳", created["firstContactOwner"]!["name"]!.GetValue<string>());

        var inbox = await Poll.UntilAsync(
            async () => await (await client.GetAsync("/api/departments/marketing/inbox")).ReadJsonAsync(),
            page => page["items"]!.AsArray().Any(i => i!["recordId"]!.GetValue<string>() == number),
            what: $"{number} in the marketing inbox");
        var item = inbox["items"]!.AsArray().Single(i => i!["recordId"]!.GetValue<string>() == number)!;
        Assert.Equal("常州动力设备厂", item["subject"]!.GetValue<string>());
        Assert.Equal("王芳", item["owner"]!.GetValue<string>());

        var complaint = await (await client.GetAsync($"/api/complaints/{number}")).ReadJsonAsync();
        Assert.Equal("awaitingTriage", complaint["state"]!.GetValue<string>());
        Assert.Equal("marketing", complaint["steps"]![0]!["department"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIntakeMissingItsFactsIsRefusedWithEveryProblemNamed()
    {
        var client = app.CreateClient();
        var response = await client.PostJsonAsync("/api/complaints", new { channel = "phone", customer = new { name = "" }, quantity = 1, defectiveQuantity = 3 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Contains("customer.name", errors.Select(e => e.Key));
        Assert.Contains("description", errors.Select(e => e.Key));
        // No takenBy in the body: the signed-in employee takes it, so that is not a problem.
        Assert.DoesNotContain("takenBy", errors.Select(e => e.Key));
        Assert.Contains("defectiveQuantity", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task AnUnknownChannelIsABadRequestThatNamesTheField()
    {
        var client = app.CreateClient();
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Api.Intake(), Api.Options))!;
        body["channel"] = "pigeon";
        var response = await client.PostAsync("/api/complaints", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("channel", (await response.ReadJsonAsync())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownAndMalformedNumbersAreAnsweredWithProblems()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/complaints/KS-209901-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/complaints/42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/departments/sales/inbox")).StatusCode);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyCreatesOneComplaint()
    {
        var client = app.CreateClient();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = System.Net.Http.Json.JsonContent.Create(Api.Intake(customer: "南通纺机"), options: Api.Options) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var first = await Send();
        var second = await Send();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadJsonAsync())["number"]!.GetValue<string>(), (await second.ReadJsonAsync())["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthReportsReachableStorage()
    {
        var health = await (await app.CreateClient().GetAsync("/api/health")).ReadJsonAsync();
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApi()
    {
        var client = app.CreateClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Assert.NotNull(doc["paths"]!["/api/complaints"]);
        Assert.NotNull(doc["paths"]!["/api/departments/{department}/inbox"]);
        var triage = doc["paths"]!["/api/complaints/{number}/triage"]!["post"]!["responses"]!;
        Assert.All(new[] { "200", "409", "412", "428" }, code => Assert.NotNull(triage[code]));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar")).StatusCode);
    }
}

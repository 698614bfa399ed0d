using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Modules;

/// <summary>The app with one more feature, added the way any feature is: as a module.</summary>
public class PluggedInApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    protected override bool UseFakeClock => true;

    protected override IEnumerable<FeatureModule> ExtraModules => [new PartRequestsModule()];

    public FeedJournal Journal => Services.GetRequiredService<FeedJournal>();

    /// <summary>A client signed in as a technician, who may ask for parts.</summary>
    public HttpClient Technician => CreateClient("t-zhao", "赵师傅", Kernel.Roles.Technician);

    public async Task<JsonNode> RequestPartAsync(string partNumber)
    {
        var response = await Technician.PostAsJsonAsync("/api/part-requests", new { partNumber, quantity = 2 }, Api.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}

/// <summary>
/// A feature plugs in without editing the app's central files: its storage is created, its
/// endpoints answer under its own policies, its work items show in the inboxes and escalate,
/// its words are in the vocabulary, and its subscriber gets the change feed.
/// </summary>
public class FeatureModuleTests(PluggedInApp app) : IClassFixture<PluggedInApp>
{
    [Fact]
    public async Task ItsStorageAndItsSubscribersQueueAndFunctionExist()
    {
        var tables = new List<string>();
        await foreach (var table in app.Storage.Tables.QueryAsync(t => t.Name == app.Prefix + PartRequestsModule.Table))
        {
            tables.Add(table.Name);
        }
        Assert.Single(tables);
        Assert.True((await app.Storage.Queue("feed-record-feed").ExistsAsync()).Value);
        Assert.True((await app.Storage.Queue("feed-record-feed-poison").ExistsAsync()).Value);
        var function = app.Services.GetRequiredService<FunctionCatalog>().Find("RecordFeed");
        Assert.Equal("feed-record-feed", Assert.IsType<QueueTrigger>(function!.Trigger).QueueName);
        var envelope = await app.CreateClient().PostAsync("/RecordFeed", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, envelope.StatusCode);
    }

    [Fact]
    public async Task ItsEndpointsAnswerUnderItsOwnPoliciesAndItsWordsAreInTheVocabulary()
    {
        var quality = app.CreateClient("u-q", "质量员", Kernel.Roles.Quality);
        var refused = await quality.PostAsJsonAsync("/api/part-requests", new { partNumber = "P-1", quantity = 1 }, Api.Options);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = await app.Technician.PostAsJsonAsync("/api/part-requests", new { quantity = 0 }, Api.Options);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);

        var vocabulary = await (await app.CreateClient().GetAsync("/api/vocabulary")).ReadJsonAsync();
        Assert.Equal("待发货", vocabulary["partRequestStates"]!.AsArray().Single(t => t!["code"]!.GetValue<string>() == "open")!["zh"]!.GetValue<string>());
    }

    [Fact]
    public async Task ItsWorkItemsShowInTheDepartmentInboxAndLeaveItWhenDone()
    {
        var request = await app.RequestPartAsync("P-INBOX-1");
        var id = request["id"]!.GetValue<string>();
        var item = await InboxItemAsync(id, present: true);
        Assert.Equal("partRequest", item!["recordKind"]!.GetValue<string>());
        Assert.Equal("ship", item["step"]!.GetValue<string>());
        Assert.Equal("P-INBOX-1", item["subject"]!.GetValue<string>());
        Assert.Equal("赵师傅", item["owner"]!.GetValue<string>());

        var procurement = app.CreateClient("u-p", "采购员", Kernel.Roles.Procurement);
        var ship = new HttpRequestMessage(HttpMethod.Post, $"/api/part-requests/{id}/shipment");
        ship.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await procurement.SendAsync(ship)).StatusCode);
        await InboxItemAsync(id, present: false);
    }

    [Fact]
    public async Task ItsLateWorkIsEscalatedByTheSameTimerAsAComplaintsSteps()
    {
        var id = (await app.RequestPartAsync("P-LATE-1"))["id"]!.GetValue<string>();
        await InboxItemAsync(id, present: true);
        app.Clock.Advance(TimeSpan.FromHours(9)); // past its 8 hours
        await app.RunTimerAsync("EscalateOverdueSteps");

        var request = await (await app.CreateClient().GetAsync($"/api/part-requests/{id}")).ReadJsonAsync();
        Assert.Equal("supervisor", request["steps"]![0]!["escalation"]!.GetValue<string>());
        await Poll.UntilAsync(() => Task.FromResult(app.Journal.Handled.Where(e => e.RecordId == id).Select(e => e.Type).ToList()),
            types => types.SequenceEqual(["PartRequested", "StepEscalated"]), what: "the escalation on the feed");
    }

    private async Task<JsonNode?> InboxItemAsync(string id, bool present)
    {
        JsonNode? Find(JsonNode page) => page["items"]!.AsArray().FirstOrDefault(i => i!["recordId"]!.GetValue<string>() == id);
        var page = await Poll.UntilAsync(async () => await (await app.CreateClient().GetAsync("/api/departments/procurement/inbox?pageSize=200")).ReadJsonAsync(),
            p => (Find(p) is not null) == present, what: $"part request {id} {(present ? "in" : "out of")} procurement's inbox");
        return Find(page);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using AfterSales.ChangeFeed;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AfterSales.Tests.Modules;

/// <summary>
/// The change feed on Azurite: every committed event reaches every subscriber that wants it once,
/// duplicated or reordered deliveries change nothing, an announcement of a change that never
/// committed is dropped, and a subscriber that failed gets its events again after a fix.
/// </summary>
public class ChangeFeedTests(PluggedInApp app) : IClassFixture<PluggedInApp>
{
    private static readonly object Technician = new { technician = new { id = "t-zhao", name = "赵师傅" } };

    [Fact]
    public Task EveryEventOfAComplaintsLifeReachesEachSubscriberOnce() => LifeReachesEachSubscriberOnceAsync(app);

    /// <summary>A complaint's whole life: each event reaches the journal once, with one receipt, and the projections reach the last version.</summary>
    internal static async Task LifeReachesEachSubscriberOnceAsync(PluggedInApp app)
    {
        var http = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "变更订阅客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await c.DoAsync("dispatch", Technician);
        await c.DoAsync("arrival");
        await c.DoAsync("resolution", new { summary = "更换轴承" });
        await c.DoAsync("confirmation", new { satisfied = true });
        await c.DoAsync("revisit", new { note = "客户满意" });
        var timeline = await c.TimelineAsync();
        var ids = timeline.Select(e => e!["id"]!.GetValue<string>()).ToList();
        // Each action's event, the steps it closed (StepCompleted) and the promise made at triage.
        Assert.Equal(14, ids.Count);

        // The journal wants everything; each event exactly once, as stored.
        await Poll.UntilAsync(() => Task.FromResult(ids.All(id => app.Journal.TimesHandled(id) > 0)), all => all, what: "every event in the journal");
        Assert.All(ids, id => Assert.Equal(1, app.Journal.TimesHandled(id)));
        var first = app.Journal.Handled.First(e => e.Id == ids[0]);
        Assert.Equal(("Received", "complaint", c.Number, 1), (first.Type, first.RecordKind, first.RecordId, first.Sequence));

        // Its receipts: one per event, no more.
        // (Written just after the journal notes an event, so waited for.)
        var receipts = app.Storage.Table(FeedReceipts.Table);
        var rows = await Poll.UntilAsync(() => Task.FromResult(receipts.Query<TableEntity>(r => r.PartitionKey == $"RecordFeed|complaint|{c.Number}").ToList()),
            r => r.Count >= ids.Count, what: "a receipt for every event");
        Assert.Equal(ids.Order(), rows.Select(r => r.GetString("EventId")).Order());

        // The app's own subscribers guard themselves by the complaint's version: both show the last one.
        var (partition, row) = AfterSales.Complaints.IndexKeys.Of(c.Number);
        var index = app.Storage.Table(AfterSales.Complaints.ComplaintRecords.IndexTable);
        await Poll.UntilAsync(async () => (await index.GetEntityAsync<TableEntity>(partition, row)).Value.GetInt32("Version"), v => v == 14, what: "the list row at version 14");
        var complaints = app.Storage.Table(AfterSales.Complaints.ComplaintRecords.Table);
        await Poll.UntilAsync(async () => (await complaints.GetEntityAsync<TableEntity>(c.Number, AfterSales.WorkItems.WorkItemHosts.StateRow)).Value.GetInt32("Version"),
            v => v == 14, what: "the inbox projection at version 14");
    }

    [Fact]
    public async Task DuplicatedAndReorderedDeliveriesAreHandledOnce()
    {
        var id = (await app.RequestPartAsync("P-DUP-1"))["id"]!.GetValue<string>();
        var shipped = await ShipAsync(id);
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        var history = await HistoryAsync(id);
        await Poll.UntilAsync(() => Task.FromResult(history.All(e => app.Journal.TimesHandled(e["id"]!.GetValue<string>()) == 1)), all => all, what: "both events in the journal");
        // A delivery is done when its receipts are written (just after the handler): the copies below come after that.
        var receipts = app.Storage.Table(FeedReceipts.Table);
        await Poll.UntilAsync(() => Task.FromResult(receipts.Query<TableEntity>(r => r.PartitionKey == $"RecordFeed|partRequest|{id}").Count()), n => n == 2, what: "both receipts");

        // The same events again, the later one first, one twice, then both together.
        var client = app.CreateClient();
        foreach (var events in new[] { new[] { history[1] }, [history[0]], [history[1]], [history[0], history[1]] })
        {
            var response = await client.PostAsync("/RecordFeed", FeedEnvelopes.Content(FeedEnvelopes.Message("partRequest", id, events)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // And the announcement of the shipment twice more, straight to the publisher.
        var announcement = AfterSales.Kernel.Json.Serialize(new FeedAnnouncement("partRequest", id, 2, 2, [history[1]["id"]!.GetValue<string>()]));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/PublishChanges", FeedEnvelopes.Content(announcement))).StatusCode);
        }

        Assert.All(history, e => Assert.Equal(1, app.Journal.TimesHandled(e["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task AnAnnouncementOfAChangeThatNeverCommittedIsDropped()
    {
        var id = (await app.RequestPartAsync("P-LOST-1"))["id"]!.GetValue<string>();
        var client = app.CreateClient();
        // Another writer's event holds position 1; nothing holds position 5 and its writer gave up long ago.
        var superseded = new FeedAnnouncement("partRequest", id, 1, 1, ["not-the-stored-event"]);
        var neverWritten = new FeedAnnouncement("partRequest", id, 5, 5, ["never-written"], Deferrals: PublishChanges.MaxDeferrals);
        foreach (var announcement in new[] { superseded, neverWritten })
        {
            var response = await client.PostAsync("/PublishChanges", FeedEnvelopes.Content(AfterSales.Kernel.Json.Serialize(announcement)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.DoesNotContain(app.Journal.Handled, e => e.Id is "not-the-stored-event" or "never-written");
    }

    [Fact]
    public async Task ASubscriberThatFailedGetsItsEventsOnceAfterTheFixAndTheOthersWentOn()
    {
        // The journal cannot take this request (a bug): its message fails five times and is poisoned.
        var partNumber = "P-POISON-" + Guid.NewGuid().ToString("N")[..6];
        app.Journal.FailFor[partNumber] = true;
        var id = (await app.RequestPartAsync(partNumber))["id"]!.GetValue<string>();
        var admin = app.CreateClient("u-admin", "管理员", Kernel.Roles.Admin);
        var poisoned = await Poll.UntilAsync(async () => (await (await admin.GetAsync("/api/admin/feed/RecordFeed/poison")).ReadJsonAsync()).AsArray(),
            list => list.Any(m => m!["recordId"]?.GetValue<string>() == id), TimeSpan.FromSeconds(30), "the request's message in RecordFeed's poison queue");
        Assert.Equal("partRequest", poisoned.First(m => m!["recordId"]?.GetValue<string>() == id)!["recordKind"]!.GetValue<string>());
        var eventId = (await HistoryAsync(id))[0]["id"]!.GetValue<string>();
        Assert.Equal(0, app.Journal.TimesHandled(eventId));
        // The other subscribers did not wait for it: the request is in procurement's inbox.
        await Poll.UntilAsync(async () => (await (await app.CreateClient().GetAsync("/api/departments/procurement/inbox?pageSize=200")).ReadJsonAsync())["items"]!.AsArray(),
            items => items.Any(i => i!["recordId"]!.GetValue<string>() == id), what: "the request in procurement's inbox");

        // The fix, then the poisoned message back to its queue (twice: the second finds nothing).
        app.Journal.FailFor.TryRemove(partNumber, out _);
        var retried = await (await admin.PostAsync("/api/admin/feed/RecordFeed/poison/retry", null)).ReadJsonAsync();
        Assert.True(retried["moved"]!.GetValue<int>() >= 1);
        await Poll.UntilAsync(() => Task.FromResult(app.Journal.TimesHandled(eventId)), n => n == 1, what: "the event handled after the fix");
        await admin.PostAsync("/api/admin/feed/RecordFeed/poison/retry", null);
        Assert.Equal(1, app.Journal.TimesHandled(eventId));
        Assert.DoesNotContain((await (await admin.GetAsync("/api/admin/feed/RecordFeed/poison")).ReadJsonAsync()).AsArray(), m => m!["recordId"]?.GetValue<string>() == id);
    }

    [Fact]
    public async Task ASubscriberThatFailsWhenHandedAChangeInProcessGetsItFromItsQueueOnce()
    {
        // The journal fails the first time it is handed the request (in-process, by the publisher);
        // its own queue then carries the event, and the second try succeeds.
        var partNumber = "P-ONCE-" + Guid.NewGuid().ToString("N")[..6];
        app.Journal.FailOnceFor[partNumber] = true;
        var id = (await app.RequestPartAsync(partNumber))["id"]!.GetValue<string>();
        var eventId = (await HistoryAsync(id))[0]["id"]!.GetValue<string>();
        await Poll.UntilAsync(() => Task.FromResult(app.Journal.TimesHandled(eventId)), n => n == 1, TimeSpan.FromSeconds(30), "the event handled from the journal's queue");
        Assert.False(app.Journal.FailOnceFor.ContainsKey(partNumber), "the first try failed");
        var receipts = app.Storage.Table(FeedReceipts.Table);
        await Poll.UntilAsync(() => Task.FromResult(receipts.Query<TableEntity>(r => r.PartitionKey == $"RecordFeed|partRequest|{id}").Count()), n => n == 1, what: "its one receipt");
        // Nothing was parked, and the event is not handled again later.
        var admin = app.CreateClient("u-admin", "管理员", Kernel.Roles.Admin);
        Assert.DoesNotContain((await (await admin.GetAsync("/api/admin/feed/RecordFeed/poison")).ReadJsonAsync()).AsArray(), m => m!["recordId"]?.GetValue<string>() == id);
        await AfterSales.Tests.Reliability.StorageLook.QuietAsync(app.Storage, ["feed-record-feed"], TimeSpan.FromSeconds(30));
        Assert.Equal(1, app.Journal.TimesHandled(eventId));
    }

    [Fact]
    public async Task AReplayFromTheStoredHistoryHandsEveryEventAgainAfterAFix()
    {
        var id = (await app.RequestPartAsync("P-REPLAY-1"))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await ShipAsync(id)).StatusCode);
        var ids = (await HistoryAsync(id)).Select(e => e["id"]!.GetValue<string>()).ToList();
        await Poll.UntilAsync(() => Task.FromResult(ids.All(e => app.Journal.TimesHandled(e) == 1)), all => all, what: "both events handled");

        var admin = app.CreateClient("u-admin", "管理员", Kernel.Roles.Admin);
        var replay = await admin.PostAsync("/api/admin/feed/RecordFeed/replay", JsonContent(new { recordKind = "partRequest", recordId = id, fromSequence = 2 }));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, (await replay.ReadJsonAsync())["events"]!.GetValue<int>());
        await Poll.UntilAsync(() => Task.FromResult(app.Journal.TimesHandled(ids[1])), n => n == 2, what: "the shipment handled again");
        Assert.Equal(1, app.Journal.TimesHandled(ids[0]));

        // The feed log holds both events for a period replay; an unknown subscriber is a 404.
        var period = await admin.PostAsync("/api/admin/feed/RecordFeed/replay", JsonContent(new { since = app.Clock.GetUtcNow().AddMinutes(-5), until = app.Clock.GetUtcNow().AddMinutes(5) }));
        Assert.True((await period.ReadJsonAsync())["events"]!.GetValue<int>() >= 2);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/feed/NoSuchThing/replay", JsonContent(new { since = app.Clock.GetUtcNow() }))).StatusCode);
    }

    private async Task<HttpResponseMessage> ShipAsync(string id)
    {
        var ship = new HttpRequestMessage(HttpMethod.Post, $"/api/part-requests/{id}/shipment");
        ship.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return await app.CreateClient("u-p", "采购员", Kernel.Roles.Procurement).SendAsync(ship);
    }

    /// <summary>The part request's history as the record store keeps it.</summary>
    private async Task<List<JsonNode>> HistoryAsync(string id)
    {
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AfterSales.Records.RecordStore<PartRequest>>(app.Services);
        var events = await store.GetEventsAsync(id, default);
        return [.. events.Select(e => JsonNode.Parse(AfterSales.Kernel.Json.Serialize(e))!)];
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Api.Options), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>The app with every subscriber's copy queued (<c>Messaging:DeliverInProcess=false</c>), as before in-process delivery.</summary>
public sealed class QueuedFeedApp(AzuriteFixture azurite) : PluggedInApp(azurite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Messaging:DeliverInProcess"] = "false" };
}

/// <summary>With in-process delivery off, each subscriber gets its copy on its own queue, with the same guarantees.</summary>
public class QueuedChangeFeedTests(QueuedFeedApp app) : IClassFixture<QueuedFeedApp>
{
    [Fact]
    public Task EveryEventOfAComplaintsLifeReachesEachSubscriberOnceThroughTheirQueues() => ChangeFeedTests.LifeReachesEachSubscriberOnceAsync(app);
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Reliability;

/// <summary>The app reaching Azurite through a <see cref="StorageCutter"/>, so a test can take its storage away mid-load.</summary>
public sealed class CuttableStorageApp : ReliabilityApp
{
    public CuttableStorageApp(AzuriteFixture azurite) : base(azurite)
    {
        Cutter = new StorageCutter(azurite);
    }

    public StorageCutter Cutter { get; }

    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = Cutter.ConnectionString,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Cutter.DisposeAsync();
    }
}

/// <summary>
/// Storage goes away in the middle of the load and comes back: meanwhile requests answer 503
/// problems with <c>Retry-After</c> within a stated time (never a 500, never a hang); afterwards
/// every complaint answered 201 is there, routed and in its inbox, the changes committed before or
/// around the cut are published, and an intake refused with 503 sent again with its key is filed once.
/// </summary>
[Collection(LoadCollection.Collection)]
public class OutageUnderLoadTests(CuttableStorageApp app) : IClassFixture<CuttableStorageApp>
{
    /// <summary>The longest any answer may take, also during the outage.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task RequestsDuringAStorageOutageAnswer503AndNothingAcceptedIsLost()
    {
        var watch = Stopwatch.StartNew();
        var load = LoadRun.RunAsync(() => app.CreateClient(AnswerWithin), 16, TimeSpan.FromSeconds(24), outageAllowed: true, "断网");
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken); // the load running before the cut (a scenario's time, not a synchronisation)
        app.Cutter.Cut();
        var cutAt = watch.Elapsed;
        var health = await app.CreateClient(AnswerWithin).GetAsync("/api/health");
        await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken); // the outage's length (a scenario's time, not a synchronisation)
        app.Cutter.Restore();
        var restoredAt = watch.Elapsed;
        var run = await load;
        Figures.Say($"Outage, 16 clients for 24 s, storage cut from {cutAt.TotalSeconds:0.0} s to {restoredAt.TotalSeconds:0.0} s: {run.Summary}; "
            + $"{run.Count(HttpStatusCode.ServiceUnavailable)} answered 503 with Retry-After; /api/health during it: {(int)health.StatusCode}");

        Assert.True(run.Faults.IsEmpty, string.Join("\n", run.Faults));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.True(run.Count(HttpStatusCode.ServiceUnavailable) > 0, "the outage was seen");
        Assert.Equal(0, run.Statuses.Where(s => s.Key >= 500 && s.Key != 503).Sum(s => s.Value));
        Assert.True(run.Slowest < AnswerWithin);

        // The desk sends each refused intake again with its key: one complaint each, whether or not the first try had committed.
        var http = app.CreateClient(AnswerWithin);
        var resent = 0;
        var alreadyFiled = 0;
        foreach (var (customer, order, key) in run.Refused)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(Api.Intake(customer: customer, orderNumber: order), options: Api.Options) };
            request.Headers.Add("Idempotency-Key", key);
            var answer = await http.SendAsync(request);
            Assert.True(answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{customer} again: {(int)answer.StatusCode}");
            run.Accepted[customer] = (await answer.ReadJsonAsync())["number"]!.GetValue<string>();
            resent++;
            alreadyFiled += answer.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        // Quiet but for the announcements of changes the outage stopped before they committed: the feed looks at them again for
        // about six minutes before it drops them (by design). None of them is of a change that did commit.
        await app.QuietAsync(TimeSpan.FromSeconds(120), feedDeferrals: true);
        var uncommitted = app.Transport.FeedDeferrals(DateTimeOffset.UtcNow).Select(m => Json.Deserialize<FeedAnnouncement>(m.Body)).DistinctBy(a => a.Events[0]).ToList();
        var kinds = app.Services.GetRequiredService<RecordKinds>();
        foreach (var a in uncommitted)
        {
            var history = await RecordHistory.ReadAsync(app.Storage.Table(kinds.Get(a.Kind).Table), a.Id, a.From, a.To, CancellationToken.None);
            Assert.False(history.Select(e => e.Id).SequenceEqual(a.Events), $"{a.Kind} {a.Id} events {a.From}-{a.To} committed, yet their announcement is still deferred");
        }
        var views = await AcceptedChecks.StoredAndRoutedAsync(app, run.Accepted);
        var steps = await AcceptedChecks.InTheirInboxesAsync(app, views);
        var deliveries = await AcceptedChecks.EveryEventReachedEverySubscriberAsync(app, run.Accepted.Values, exactlyOnce: false);

        // No customer's intake was filed twice (read from the complaints' records in storage).
        var customers = new List<string>();
        await foreach (var row in app.Storage.Table(ComplaintRecords.Table).QueryAsync<TableEntity>(r => r.RowKey == "record", select: ["PartitionKey"]))
        {
            customers.Add((await (await http.GetAsync($"/api/complaints/{row.PartitionKey}")).ReadJsonAsync())["customer"]!["name"]!.GetValue<string>());
        }
        Assert.Equal(customers.Count, customers.Distinct().Count());
        Figures.Say($"Outage: {resent} refused intakes sent again with their keys ({alreadyFiled} had been filed before the 503 and answered as they are); {run.Accepted.Count} complaints stored and routed ({customers.Count} records, none twice), "
            + $"{steps} open steps in their inboxes, {deliveries} event deliveries checked, {uncommitted.Count} announcements of changes never committed still looked at again (dropped after 10 looks), redelivered copies {app.Transport.FannedOut.Values.Sum() - app.Transport.FannedOut.Count}; "
            + $"checked {watch.Elapsed.TotalSeconds:0} s after the start");
    }
}

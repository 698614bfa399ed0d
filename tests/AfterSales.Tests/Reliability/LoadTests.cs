using System.Diagnostics;
using System.Net;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Reliability;

/// <summary>The tests that load the machine run one after another, not beside each other.</summary>
[CollectionDefinition(Collection)]
public sealed class LoadCollection
{
    public const string Collection = "Reliability under load";
}

public sealed class LoadApp(AzuriteFixture azurite) : ReliabilityApp(azurite);

/// <summary>
/// Sixteen clients taking complaints and working them for a fixed time against the app on
/// Azurite: no answer is a 5xx, and every complaint the desk was told was filed is stored,
/// numbered without gaps, routed and in its inbox, each event handed once to every subscriber.
/// </summary>
[Collection(LoadCollection.Collection)]
public class LoadTests(LoadApp app) : IClassFixture<LoadApp>
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(25);
    public const int Clients = 16;

    [Fact]
    public async Task SixteenClientsFor25SecondsLoseNothingAndGetNo5xx()
    {
        var watch = Stopwatch.StartNew();
        // A client waits up to a minute: the after-work of 16 clients' intakes queues up on the one
        // Azurite beside the other tests, and an answer may wait behind it (a clean-clone run once
        // had two reads sent at 24.9 s unanswered after 30 s). A 5xx or a lost complaint still fails.
        var run = await LoadRun.RunAsync(() => app.CreateClient(TimeSpan.FromSeconds(60)), Clients, Duration, outageAllowed: false, "负载");
        Figures.Say($"Load, {Clients} clients for {Duration.TotalSeconds:0} s: {run.Summary}");
        Assert.True(run.Faults.IsEmpty, string.Join("\n", run.Faults));
        Assert.Equal(0, run.FiveHundreds);
        Assert.True(run.Accepted.Count > 0 && run.Actions > 0, run.Summary);

        await app.QuietAsync(TimeSpan.FromSeconds(300)); // the subscribers catch up with what 16 clients sent (833 messages still queued after 120 s beside the other tests)
        var views = await AcceptedChecks.StoredAndRoutedAsync(app, run.Accepted);
        var serials = AcceptedChecks.Serials(run.Accepted.Values);
        Assert.Equal(Enumerable.Range(1, run.Accepted.Count), serials);
        var steps = await AcceptedChecks.InTheirInboxesAsync(app, views);
        var deliveries = await AcceptedChecks.EveryEventReachedEverySubscriberAsync(app, run.Accepted.Values, exactlyOnce: true);
        Figures.Say($"Load: {run.Accepted.Count} complaints stored and routed, numbers 1-{serials[^1]} without a gap, {steps} open steps in their inboxes, "
            + $"{deliveries} event deliveries to subscribers each made once; checked {watch.Elapsed.TotalSeconds:0} s after the start");
    }
}

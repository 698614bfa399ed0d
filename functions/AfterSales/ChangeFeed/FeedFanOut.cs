using System.Text;
using AfterSales.Kernel;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>Hands committed events to the subscribers' queues: fan-out, one queue per subscriber.</summary>
public sealed class FeedFanOut(StorageAccount storage, FeedSubscriptions subscriptions)
{
    /// <summary>Storage queue messages hold 64 KB of base64, so 48 KB of text; larger changes travel by reference.</summary>
    private const int MaxInlineBytes = 45_000;

    /// <summary>Sends committed events to every subscriber that wants some of them.</summary>
    public Task FanOutAsync(IReadOnlyList<RecordEvent> events, CancellationToken ct) =>
        Task.WhenAll(subscriptions.All
            .Select(s => (Subscription: s, Events: events.Where(s.Wants).ToList()))
            .Where(x => x.Events.Count > 0)
            .Select(x => SendAsync(x.Subscription, x.Events, ct)));

    /// <summary>
    /// Sends committed events (consecutive or not) to one subscriber, one record per message and in
    /// messages that fit a queue; a <paramref name="replay"/> is handled even where receipts say it was.
    /// </summary>
    public async Task SendAsync(Subscriber subscription, IReadOnlyList<RecordEvent> events, CancellationToken ct, bool replay = false)
    {
        foreach (var record in events.GroupBy(e => (e.RecordKind, e.RecordId)))
        {
            var ordered = record.OrderBy(e => e.Sequence).ToList();
            var body = Json.Serialize(new SubscriberMessage(record.Key.RecordKind, record.Key.RecordId, ordered[0].Sequence, ordered[^1].Sequence, ordered, replay));
            if (Encoding.UTF8.GetByteCount(body) <= MaxInlineBytes)
            {
                await storage.SendAsync(subscription.Queue, body, ct: ct);
                continue;
            }
            // Too large inline: one reference per event, read back from the history by the subscriber.
            await Task.WhenAll(ordered.Select(e => storage.SendAsync(subscription.Queue,
                Json.Serialize(new SubscriberMessage(e.RecordKind, e.RecordId, e.Sequence, e.Sequence, null, replay)), ct: ct)));
        }
    }
}

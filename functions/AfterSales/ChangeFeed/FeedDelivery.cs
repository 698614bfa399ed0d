using AfterSales.Kernel;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Hands one record's committed events to one subscriber: the ones it wants that its receipts do
/// not show as handled (all of them for a subscriber without receipts, or for a replay), in
/// order, then records their receipts. A failing handler throws; the events handled before it
/// keep their receipts. Used by the publishing function in-process and by each subscriber's
/// queue function, so both paths give the same guarantees.
/// </summary>
public sealed class FeedDelivery(FeedReceipts receipts, TimeProvider clock)
{
    public async Task DeliverAsync(Subscriber subscription, IFeedSubscriber subscriber, string kind, string id, int from, int to,
        IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        var handled = replay || !subscription.Receipts
            ? (IReadOnlySet<string>)new HashSet<string>()
            : await receipts.HandledAsync(subscription.Name, kind, id, from, to, ct);
        var done = new List<RecordEvent>();
        try
        {
            foreach (var e in events.Where(e => subscription.Wants(e) && !handled.Contains(e.Id)).OrderBy(e => e.Sequence))
            {
                await subscriber.HandleAsync(e, ct);
                done.Add(e);
            }
        }
        finally
        {
            if (done.Count > 0 && subscription.Receipts)
            {
                await receipts.RecordAsync(subscription.Name, done, clock.GetUtcNow(), ct);
            }
        }
    }
}

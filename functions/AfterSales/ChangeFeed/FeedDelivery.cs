using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Hands one record's committed events to one subscriber: the ones it wants that its receipts do
/// not show as handled (all of them for a subscriber without receipts, or for a replay), in
/// order, then records their receipts. A failing handler throws; the events handled before it
/// keep their receipts. A projection of the record as it now is gets only the last of the events
/// (<see cref="Subscriber.OncePerChange"/>). Used by the publishing function in-process and by each subscriber's
/// queue function, so both paths give the same guarantees.
/// </summary>
public sealed class FeedDelivery(FeedReceipts receipts, TimeProvider clock)
{
    public async Task DeliverAsync(Subscriber subscription, IFeedSubscriber subscriber, string kind, string id, int from, int to,
        IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        ChangeRows.BeginSubscriber();
        var handled = replay || !subscription.Receipts
            ? (IReadOnlySet<string>)new HashSet<string>()
            : await receipts.HandledAsync(subscription.Name, kind, id, from, to, ct);
        var done = new List<RecordEvent>();
        try
        {
            var due = events.Where(e => subscription.Wants(e) && !handled.Contains(e.Id)).OrderBy(e => e.Sequence).ToList();
            foreach (var e in subscription.OncePerChange ? due.TakeLast(1) : due)
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

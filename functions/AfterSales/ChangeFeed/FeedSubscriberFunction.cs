using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>
/// The queue function of one subscriber: hands it the events of a message that its receipts do
/// not show as handled (all of them for a subscriber without receipts, or for a replay), in
/// order, then records their receipts. A failing handler fails the
/// invocation, so the host retries the message and finally moves it to the subscriber's poison
/// queue; the events handled before the failure keep their receipts.
/// </summary>
public sealed class FeedSubscriberFunction<TSubscriber>(
    TSubscriber subscriber,
    FeedSubscriptions subscriptions,
    FeedReceipts receipts,
    RecordKinds kinds,
    StorageAccount storage,
    TimeProvider clock) : IQueueFunction where TSubscriber : class, IFeedSubscriber
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var subscription = subscriptions.For(typeof(TSubscriber));
        var m = Json.Deserialize<SubscriberMessage>(message.Body);
        var events = m.Events
            ?? await RecordHistory.ReadAsync(storage.Table(kinds.Get(m.Kind).Table), m.Id, m.From, m.To, cancellationToken);
        var handled = m.Replay || !subscription.Receipts
            ? (IReadOnlySet<string>)new HashSet<string>()
            : await receipts.HandledAsync(subscription.Name, m.Kind, m.Id, m.From, m.To, cancellationToken);
        var done = new List<RecordEvent>();
        try
        {
            foreach (var e in events.Where(e => subscription.Wants(e) && !handled.Contains(e.Id)).OrderBy(e => e.Sequence))
            {
                await subscriber.HandleAsync(e, cancellationToken);
                done.Add(e);
            }
        }
        finally
        {
            if (done.Count > 0 && subscription.Receipts)
            {
                await receipts.RecordAsync(subscription.Name, done, clock.GetUtcNow(), cancellationToken);
            }
        }
    }
}

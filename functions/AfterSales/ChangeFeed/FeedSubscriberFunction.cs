using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>
/// The queue function of one subscriber: hands it the events of a message through
/// <see cref="FeedDelivery"/> (receipts first, then the handler, then receipts). Its queue gets the
/// events the publishing function could not hand over in-process, replays and retried poison. A
/// failing handler fails the invocation, so the host retries the message and finally moves it to
/// the subscriber's poison queue; the events handled before the failure keep their receipts.
/// </summary>
public sealed class FeedSubscriberFunction<TSubscriber>(
    TSubscriber subscriber,
    FeedSubscriptions subscriptions,
    FeedDelivery delivery,
    RecordKinds kinds,
    StorageAccount storage) : IQueueFunction where TSubscriber : class, IFeedSubscriber
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var subscription = subscriptions.For(typeof(TSubscriber));
        var m = Json.Deserialize<SubscriberMessage>(message.Body);
        var events = m.Events
            ?? await RecordHistory.ReadAsync(storage.Table(kinds.Get(m.Kind).Table), m.Id, m.From, m.To, cancellationToken);
        await delivery.DeliverAsync(subscription, subscriber, m.Kind, m.Id, m.From, m.To, events, m.Replay, cancellationToken);
    }
}

using AfterSales.Kernel;
using AfterSales.Messaging;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Hands committed events to the subscribers through the transport: on Storage queues in-process
/// (a subscriber that fails gets them on its own queue), or a queue per subscriber
/// (<c>Messaging__DeliverInProcess=false</c>); one topic message routed to their subscriptions on Service Bus.
/// </summary>
public sealed class FeedFanOut(IMessageTransport transport, FeedSubscriptions subscriptions)
{
    /// <summary>Sends committed events to every subscriber that wants some of them.</summary>
    public Task FanOutAsync(IReadOnlyList<RecordEvent> events, CancellationToken ct) =>
        transport.PublishAsync([.. subscriptions.All.Where(s => events.Any(s.Wants))], events, replay: false, ct);

    /// <summary>
    /// Sends committed events (consecutive or not) to one subscriber, one record per message and in
    /// messages that fit a queue; a <paramref name="replay"/> is handled even where receipts say it was.
    /// </summary>
    public Task SendAsync(Subscriber subscription, IReadOnlyList<RecordEvent> events, CancellationToken ct, bool replay = false) =>
        transport.PublishAsync([subscription], events, replay, ct);
}

using AfterSales.ChangeFeed;
using AfterSales.Kernel;

namespace AfterSales.Messaging;

/// <summary>
/// One message to send to a work queue. <see cref="MessageId"/> is stable for the same content
/// (Service Bus drops a second copy with the same id inside its duplicate-detection window);
/// a copy that must not be dropped (a retry, a deferral) gets an id of its own.
/// </summary>
public sealed record OutgoingMessage(string Body, string MessageId)
{
    /// <summary>Visible only after this long (a deferred look, a retry later).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Sent without waking a local runner (an announcement before its commit).</summary>
    public bool Quiet { get; init; }

    /// <summary>Application properties (Service Bus): what operators and filters read without the body.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>A message as sent: enough to take it back where the transport allows it.</summary>
public sealed record SentMessage(string Queue, string MessageId, string? Receipt);

/// <summary>
/// The seam between the change feed and work queues and what carries their messages. Feature
/// code never sees it: <see cref="ChangeFeed.ChangeFeed"/>, <see cref="FeedFanOut"/> and the
/// notification store send through it. <see cref="StorageQueueTransport"/> is the default (and
/// the local one); <see cref="ServiceBusTransport"/> moves the same messages onto Service Bus.
/// </summary>
public interface IMessageTransport
{
    MessagingTransport Kind { get; }

    /// <summary>Sends to a work queue by its name (<c>change-feed</c>, <c>notifications</c>).</summary>
    Task<SentMessage> SendAsync(string queue, OutgoingMessage message, CancellationToken ct);

    /// <summary>Takes a sent message back; false when the transport cannot (the reader then drops it itself).</summary>
    Task<bool> TryWithdrawAsync(SentMessage sent, CancellationToken ct);

    /// <summary>
    /// Hands committed events to these subscribers (each gets the ones it wants): one record per
    /// message, in order, messages that fit the transport; a <paramref name="replay"/> is handled
    /// again even where receipts say it was.
    /// </summary>
    Task PublishAsync(IReadOnlyList<Subscriber> to, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct);

    /// <summary>Tells a local runner that <paramref name="queue"/> has work now (Storage queues only).</summary>
    void Wake(string queue);
}

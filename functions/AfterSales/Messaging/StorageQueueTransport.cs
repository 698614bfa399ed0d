using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Storage;

namespace AfterSales.Messaging;

/// <summary>
/// Storage queues in the app's storage account (the default): work queues by name, and the
/// change feed's fan-out as one queue per subscriber, <c>feed-&lt;subscriber&gt;</c>, each getting
/// only the events it wants. Poisoned messages wait in <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed class StorageQueueTransport(StorageAccount storage, ILogger<StorageQueueTransport> logger) : IMessageTransport
{
    public MessagingTransport Kind => MessagingTransport.StorageQueues;

    public async Task<SentMessage> SendAsync(string queue, OutgoingMessage message, CancellationToken ct)
    {
        if (message.Quiet)
        {
            // Sent quietly: a local runner woken now would look before the commit lands.
            var quiet = (await storage.Queue(queue).SendMessageAsync(message.Body, visibilityTimeout: message.Delay, cancellationToken: ct)).Value;
            return new SentMessage(queue, quiet.MessageId, quiet.PopReceipt);
        }
        var receipt = await storage.SendAsync(queue, message.Body, message.Delay, ct);
        return new SentMessage(queue, receipt.MessageId, receipt.PopReceipt);
    }

    public async Task<bool> TryWithdrawAsync(SentMessage sent, CancellationToken ct)
    {
        try
        {
            await storage.Queue(sent.Queue).DeleteMessageAsync(sent.MessageId, sent.Receipt, ct);
            return true;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailures.IsUnavailable(ex))
        {
            logger.LogDebug(ex, "Message {Message} on {Queue} could not be taken back", sent.MessageId, sent.Queue);
            return false;
        }
    }

    public Task PublishAsync(IReadOnlyList<Subscriber> to, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct) =>
        Task.WhenAll(to.Select(s => (Subscription: s, Events: events.Where(s.Wants).ToList()))
            .Where(x => x.Events.Count > 0)
            .Select(x => SendToAsync(x.Subscription.Queue, x.Events, replay, ct)));

    public void Wake(string queue) => storage.Activity.Notify(queue);

    private async Task SendToAsync(string queue, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        foreach (var record in FeedMessageText.PerRecord(events, replay))
        {
            await Task.WhenAll(record.Select(m => storage.SendAsync(queue, m.Body, ct: ct)));
        }
    }
}

using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Storage;
using Microsoft.Extensions.Options;

namespace AfterSales.Messaging;

/// <summary>
/// Storage queues in the app's storage account (the default): work queues by name, and the
/// change feed's fan-out as one queue per subscriber, <c>feed-&lt;subscriber&gt;</c>, each getting
/// only the events it wants. With <see cref="MessagingOptions.DeliverInProcess"/> (the default)
/// the publishing function hands the events to the subscribers itself, all at once, each in its
/// own scope, and only one that fails gets them on its queue, where the host retries it and
/// finally parks it as if it had been queued from the start: a change then costs no queue
/// message per subscriber, and reaches them without a queue's wait. Poisoned messages wait in
/// <c>&lt;queue&gt;-poison</c>.
/// </summary>
public sealed class StorageQueueTransport(
    StorageAccount storage,
    FeedDelivery delivery,
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    ILogger<StorageQueueTransport> logger) : IMessageTransport
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
            .Select(x => options.Value.DeliverInProcess && !replay
                ? DeliverOrSendAsync(x.Subscription, x.Events, ct)
                : SendToAsync(x.Subscription.Queue, x.Events, replay, ct)));

    public void Wake(string queue) => storage.Activity.Notify(queue);

    /// <summary>Hands the events to the subscriber here, record by record; what fails goes to its queue instead.</summary>
    private async Task DeliverOrSendAsync(Subscriber subscription, IReadOnlyList<RecordEvent> events, CancellationToken ct)
    {
        foreach (var record in events.GroupBy(e => (e.RecordKind, e.RecordId)))
        {
            var ordered = record.OrderBy(e => e.Sequence).ToList();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var subscriber = (IFeedSubscriber)scope.ServiceProvider.GetRequiredService(subscription.Type);
                await delivery.DeliverAsync(subscription, subscriber, record.Key.RecordKind, record.Key.RecordId,
                    ordered[0].Sequence, ordered[^1].Sequence, ordered, replay: false, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{Subscriber} failed on {Kind} {Id} in-process; its queue {Queue} gets the events to retry",
                    subscription.Name, record.Key.RecordKind, record.Key.RecordId, subscription.Queue);
                await SendToAsync(subscription.Queue, ordered, replay: false, ct);
            }
        }
    }

    private async Task SendToAsync(string queue, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        foreach (var record in FeedMessageText.PerRecord(events, replay))
        {
            await Task.WhenAll(record.Select(m => storage.SendAsync(queue, m.Body, ct: ct)));
        }
    }
}

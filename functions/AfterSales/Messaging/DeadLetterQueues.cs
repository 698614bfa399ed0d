using AfterSales.Functions;
using Azure.Messaging.ServiceBus;

namespace AfterSales.Messaging;

/// <summary>
/// Service Bus: after its entity's <c>maxDeliveryCount</c> the broker moves a message to the
/// entity's dead-letter queue with a reason. Listing peeks it; requeueing receives each message,
/// sends a copy back (to the queue, or to the feed topic routed to this one subscriber only) under
/// a new message id (duplicate detection would drop the old one), then completes the dead letter.
/// Receipts keep events already handled from being handled twice.
/// The count of waiting messages needs the namespace's manage rights (the app has only Data
/// Sender and Data Receiver): it is null here, and the namespace's ActiveMessages metric shows it.
/// </summary>
public sealed class DeadLetterQueues(ServiceBusClient client) : IParkedMessages
{
    /// <summary>Counting stops here: past it the metric is the better tool.</summary>
    public const int CountLimit = 1000;

    public async Task<QueueCounts> CountAsync(QueueTrigger queue, CancellationToken ct)
    {
        await using var receiver = DeadLetters(queue, ServiceBusReceiveMode.PeekLock);
        var count = 0;
        long? from = null;
        while (count < CountLimit)
        {
            var batch = await receiver.PeekMessagesAsync(Math.Min(250, CountLimit - count), from, ct);
            if (batch.Count == 0)
            {
                break;
            }
            count += batch.Count;
            from = batch[^1].SequenceNumber + 1;
        }
        return new QueueCounts(null, count);
    }

    public async Task<IReadOnlyList<ParkedMessage>> PeekAsync(QueueTrigger queue, int max, CancellationToken ct)
    {
        await using var receiver = DeadLetters(queue, ServiceBusReceiveMode.PeekLock);
        var messages = await receiver.PeekMessagesAsync(Math.Min(32, max), cancellationToken: ct);
        return [.. messages.Select(m => new ParkedMessage(m.MessageId, m.EnqueuedTime, m.Body.ToString(),
            string.Join(": ", new[] { m.DeadLetterReason, m.DeadLetterErrorDescription }.Where(s => !string.IsNullOrEmpty(s)))))];
    }

    public async Task<int> RequeueAsync(QueueTrigger queue, int max, CancellationToken ct)
    {
        var entity = ServiceBusEntities.For(queue);
        await using var receiver = DeadLetters(queue, ServiceBusReceiveMode.PeekLock);
        await using var sender = client.CreateSender(entity.SendTo);
        var moved = 0;
        while (moved < max)
        {
            var batch = await receiver.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromSeconds(2), ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var dead in batch)
            {
                await sender.SendMessageAsync(Requeued(dead, entity), ct);
                await receiver.CompleteMessageAsync(dead, ct);
                moved++;
            }
        }
        return moved;
    }

    /// <summary>The copy sent back: same body, session and labels, a new id; on the topic, routed to this subscription alone.</summary>
    internal static ServiceBusMessage Requeued(ServiceBusReceivedMessage dead, ServiceBusEntity entity)
    {
        var copy = new ServiceBusMessage(dead) { MessageId = $"{Truncate(dead.MessageId, 80)}|requeued|{Guid.NewGuid():N}" };
        // The broker wrote why it gave up as properties of the dead letter; the copy starts afresh.
        copy.ApplicationProperties.Remove("DeadLetterReason");
        copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
        if (entity.SubscriptionName is { } subscription)
        {
            foreach (var key in copy.ApplicationProperties.Keys.Where(k => k.StartsWith("to_", StringComparison.Ordinal)).ToList())
            {
                copy.ApplicationProperties.Remove(key);
            }
            copy.ApplicationProperties[ServiceBusEntities.RouteProperty(subscription)] = ServiceBusEntities.RouteValue;
        }
        return copy;
    }

    private ServiceBusReceiver DeadLetters(QueueTrigger queue, ServiceBusReceiveMode mode)
    {
        var entity = ServiceBusEntities.For(queue);
        var options = new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = mode };
        return entity.QueueName is { } name
            ? client.CreateReceiver(name, options)
            : client.CreateReceiver(entity.TopicName!, entity.SubscriptionName!, options);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

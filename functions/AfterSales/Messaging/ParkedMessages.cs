using AfterSales.Functions;
using AfterSales.Storage;

namespace AfterSales.Messaging;

/// <summary>A message a function kept failing on, as it waits: its id, when it was first sent, its body, and why when the transport says.</summary>
public sealed record ParkedMessage(string MessageId, DateTimeOffset? EnqueuedAt, string Body, string? Reason);

/// <summary>How many messages wait for a function and how many it gave up on; null where the transport cannot tell without more rights.</summary>
public sealed record QueueCounts(int? Waiting, int Parked);

/// <summary>
/// Messages a queue function gave up on: a Storage queue's <c>-poison</c> queue, or a Service Bus
/// entity's dead-letter queue (where the broker moves a message after its maximum delivery count).
/// The admin endpoints list them and, after a fix, send them back through this one seam.
/// </summary>
public interface IParkedMessages
{
    Task<QueueCounts> CountAsync(QueueTrigger queue, CancellationToken ct);

    Task<IReadOnlyList<ParkedMessage>> PeekAsync(QueueTrigger queue, int max, CancellationToken ct);

    /// <summary>Sends parked messages back to their function (at most <paramref name="max"/>); answers how many.</summary>
    Task<int> RequeueAsync(QueueTrigger queue, int max, CancellationToken ct);
}

/// <summary>Storage queues: the host moves a message to <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (5).</summary>
public sealed class PoisonQueues(StorageAccount storage) : IParkedMessages
{
    public async Task<QueueCounts> CountAsync(QueueTrigger queue, CancellationToken ct) => new(
        (await storage.Queue(queue.QueueName).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount,
        (await storage.Queue(StorageNames.Poison(queue.QueueName)).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);

    public async Task<IReadOnlyList<ParkedMessage>> PeekAsync(QueueTrigger queue, int max, CancellationToken ct)
    {
        var messages = (await storage.Queue(StorageNames.Poison(queue.QueueName)).PeekMessagesAsync(Math.Min(32, max), ct)).Value;
        return [.. messages.Select(m => new ParkedMessage(m.MessageId, m.InsertedOn, m.Body.ToString(), null))];
    }

    public async Task<int> RequeueAsync(QueueTrigger queue, int max, CancellationToken ct)
    {
        var poison = storage.Queue(StorageNames.Poison(queue.QueueName));
        var moved = 0;
        while (moved < max)
        {
            var batch = (await poison.ReceiveMessagesAsync(Math.Min(32, max - moved), TimeSpan.FromMinutes(1), ct)).Value;
            if (batch.Length == 0)
            {
                break;
            }
            foreach (var m in batch)
            {
                await storage.SendAsync(queue.QueueName, m.Body.ToString(), ct: ct);
                await poison.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                moved++;
            }
        }
        return moved;
    }
}

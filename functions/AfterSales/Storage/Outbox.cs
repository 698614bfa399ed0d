using Azure;
using Azure.Data.Tables;

namespace AfterSales.Storage;

/// <summary>
/// A message that a state change causes, stored with that change and sent after it commits.
/// A <paramref name="SafetyNet"/> message asks for work the writer normally does itself right
/// after committing: it is discarded when that work succeeded, and sent only when it did not
/// (or the writer stopped).
/// </summary>
public sealed record OutboxMessage(string Id, string Queue, string Body, bool SafetyNet = false);

/// <summary>
/// Sends the messages a partition's outbox holds. Writers mark the partition pending (in
/// <c>OutboxPending</c>) before they commit, then call <see cref="SendCommittedAsync"/>; if that
/// never happens, the <c>PublishOutbox</c> timer finds the mark and sends them. Sending is at
/// least once: consumers are idempotent.
/// </summary>
public sealed class Outbox(StorageAccount storage, TimeProvider clock, ILogger<Outbox> logger)
{
    public const string RowPrefix = "outbox|";

    private TableClient Pending => storage.Table(StorageNames.Tables.OutboxPending);

    public static TableEntity Row(string partitionKey, OutboxMessage message) =>
        new(partitionKey, RowPrefix + message.Id)
        {
            ["Queue"] = message.Queue,
            ["Body"] = message.Body,
        };

    /// <summary>Call before committing a batch that adds outbox rows to <paramref name="partitionKey"/>; returns the mark's ETag.</summary>
    public async Task<ETag> MarkPendingAsync(string table, string partitionKey, CancellationToken ct) =>
        (await Pending.UpsertEntityAsync(new TableEntity("pending", MarkerKey(table, partitionKey))
        {
            ["Table"] = table,
            ["Partition"] = partitionKey,
            ["MarkedAt"] = clock.GetUtcNow(),
        }, TableUpdateMode.Replace, ct)).Headers.ETag ?? ETag.All;

    /// <summary>
    /// Sends the messages a just-committed batch wrote while the writer does its own follow-up
    /// <paramref name="work"/>; the safety nets go only when that work did not succeed. Then
    /// deletes their rows and clears the mark (only if no other writer marked the partition
    /// since). A failure to send is logged, not thrown: the <c>PublishOutbox</c> timer sends
    /// whatever is left.
    /// </summary>
    public async Task SendCommittedAsync(string table, string partitionKey, IReadOnlyList<OutboxMessage> messages, Func<Task<bool>> work, ETag mark, CancellationToken ct)
    {
        // Sent side by side and alongside the work, then their rows deleted in one batch: a crash
        // in between only means the timer sends them again, which consumers allow.
        var sending = SendAllAsync(messages.Where(m => !m.SafetyNet), ct);
        var workDone = await work();
        try
        {
            await sending;
            if (!workDone)
            {
                await SendAllAsync(messages.Where(m => m.SafetyNet), ct);
            }
            await storage.Table(table).SubmitTransactionAsync(
                messages.Select(m => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, RowPrefix + m.Id), ETag.All)), ct);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Outbox of {Partition} left for the PublishOutbox timer", partitionKey);
            return;
        }
        await ClearMarkAsync(table, partitionKey, mark, ct);
    }

    private Task SendAllAsync(IEnumerable<OutboxMessage> messages, CancellationToken ct) =>
        Task.WhenAll(messages.Select(m => storage.Queue(m.Queue).SendMessageAsync(m.Body, ct)));

    /// <summary>Deletes the mark unless another writer marked the partition again since (its ETag changed).</summary>
    private async Task ClearMarkAsync(string table, string partitionKey, ETag mark, CancellationToken ct)
    {
        try
        {
            await Pending.DeleteEntityAsync("pending", MarkerKey(table, partitionKey), mark, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    /// <summary>Sends and removes every outbox row of the partition; clears the mark if nothing new arrived meanwhile.</summary>
    public async Task PublishAsync(string table, string partitionKey, CancellationToken ct)
    {
        var marker = await Pending.GetEntityIfExistsAsync<TableEntity>("pending", MarkerKey(table, partitionKey), cancellationToken: ct);
        var source = storage.Table(table);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {RowPrefix} and RowKey lt {"outbox}"}");
        await foreach (var row in source.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var queue = storage.Queue(row.GetString("Queue"));
            await queue.SendMessageAsync(row.GetString("Body"), ct);
            await source.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
        }
        if (marker.HasValue)
        {
            await ClearMarkAsync(table, partitionKey, marker.Value!.ETag, ct);
        }
    }

    /// <summary>Publishes the outboxes that were marked longer than <paramref name="olderThan"/> ago.</summary>
    public async Task<int> PublishStaleAsync(TimeSpan olderThan, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - olderThan;
        var count = 0;
        await foreach (var mark in Pending.QueryAsync<TableEntity>(m => m.PartitionKey == "pending", cancellationToken: ct))
        {
            if (mark.GetDateTimeOffset("MarkedAt") > cutoff)
            {
                continue;
            }
            try
            {
                await PublishAsync(mark.GetString("Table"), mark.GetString("Partition"), ct);
                count++;
            }
            catch (RequestFailedException ex)
            {
                logger.LogWarning(ex, "Outbox of {Partition} could not be published yet", mark.GetString("Partition"));
            }
        }
        return count;
    }

    private static string MarkerKey(string table, string partitionKey) => $"{table}|{partitionKey}";
}

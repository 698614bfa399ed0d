using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Which events each subscriber has handled: one partition per subscriber and record
/// (<c>{subscriber}|{kind}|{id}</c>), one row per event sequence with its event id. Read in one
/// query before handling a message and written in one batch after, so a redelivered or
/// replayed event reaches a subscriber once.
/// </summary>
public sealed class FeedReceipts(StorageAccount storage)
{
    public const string Table = "FeedReceipts";

    private TableClient Receipts => storage.Table(Table);

    private static string Partition(string subscriber, string kind, string id) => $"{subscriber}|{kind}|{id}";

    public async Task<IReadOnlySet<string>> HandledAsync(string subscriber, string kind, string id, int from, int to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(subscriber, kind, id)} and RowKey ge {from.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)} and RowKey le {to.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}");
        var handled = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Receipts.QueryAsync<TableEntity>(filter, select: ["EventId"], cancellationToken: ct))
        {
            handled.Add(row.GetString("EventId"));
        }
        return handled;
    }

    public async Task RecordAsync(string subscriber, IReadOnlyList<RecordEvent> handled, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var record in handled.GroupBy(e => Partition(subscriber, e.RecordKind, e.RecordId)))
        {
            foreach (var chunk in record.Chunk(100))
            {
                await Receipts.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(record.Key, e.Sequence.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
                    {
                        ["EventId"] = e.Id,
                        ["Type"] = e.Type,
                        ["HandledAt"] = at,
                    })), ct);
            }
        }
    }
}

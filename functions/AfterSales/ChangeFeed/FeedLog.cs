using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Every published event of every record in time order: one partition per UTC day
/// (<c>yyyyMMdd</c>), rows keyed <c>{ticks}|{kind}|{id}|{sequence}</c>. Written by
/// <see cref="PublishChanges"/> (idempotently: the same event always lands on the same row), read
/// to replay a period to a subscriber and by readers that follow the feed with a watermark.
/// A row may appear a little after its time (the feed publishes behind the commit), so a reader
/// with a watermark re-reads a margin behind it.
/// </summary>
public sealed class FeedLog(StorageAccount storage)
{
    public const string Table = "FeedLog";

    /// <summary>The longest period one read may cover.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(31);

    private TableClient Log => storage.Table(Table);

    public async Task AppendAsync(IReadOnlyList<RecordEvent> events, CancellationToken ct)
    {
        foreach (var day in events.GroupBy(e => Day(e.At)))
        {
            foreach (var chunk in day.Chunk(100))
            {
                await Log.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(day.Key, e))), ct);
            }
        }
    }

    /// <summary>The events published with times in [<paramref name="since"/>, <paramref name="until"/>), in time order.</summary>
    public async IAsyncEnumerable<RecordEvent> ReadAsync(DateTimeOffset since, DateTimeOffset until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (until - since > MaxPeriod)
        {
            throw ValidationException.For("until", $"Read at most {MaxPeriod.TotalDays:0} days at a time.");
        }
        for (var day = since.UtcDateTime.Date; day < until.UtcDateTime; day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)} and RowKey ge {Ticks(since)} and RowKey lt {Ticks(until)}");
            await foreach (var row in Log.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                yield return Json.Deserialize<RecordEvent>(LongText.Get(row, "Data"));
            }
        }
    }

    /// <summary>
    /// Every event published with a time before <paramref name="until"/>, day by day: one scan of the
    /// whole log, for a reader catching up the first time (the Power BI export's first run).
    /// </summary>
    public async IAsyncEnumerable<RecordEvent> ReadAllAsync(DateTimeOffset until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey lt {Ticks(until)}");
        await foreach (var row in Log.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            yield return Json.Deserialize<RecordEvent>(LongText.Get(row, "Data"));
        }
    }

    private static TableEntity Row(string day, RecordEvent e)
    {
        var row = new TableEntity(day, $"{Ticks(e.At)}|{e.RecordKind}|{e.RecordId}|{e.Sequence:D6}")
        {
            ["EventId"] = e.Id,
            ["Kind"] = e.RecordKind,
            ["RecordId"] = e.RecordId,
            ["Sequence"] = e.Sequence,
            ["Type"] = e.Type,
            ["At"] = e.At,
        };
        LongText.Put(row, "Data", Json.Serialize(e));
        return row;
    }

    private static string Day(DateTimeOffset at) => Day(at.UtcDateTime);

    private static string Day(DateTime utc) => utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

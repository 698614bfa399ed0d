using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Records;

/// <summary>
/// A record's append-only history in its partition: one row per event, keyed
/// <c>event|{sequence:D6}</c>, holding the <see cref="RecordEvent"/> exactly as published.
/// </summary>
public static class RecordHistory
{
    public const string Prefix = "event|";

    public static string RowKey(int sequence) => $"{Prefix}{sequence:D6}";

    public static TableEntity Row(RecordEvent e)
    {
        var row = new TableEntity(e.RecordId, RowKey(e.Sequence))
        {
            ["EventId"] = e.Id,
            ["Type"] = e.Type,
            ["At"] = e.At,
            ["ActorId"] = e.By.Id,
        };
        LongText.Put(row, "Data", Json.Serialize(e));
        return row;
    }

    public static RecordEvent Read(TableEntity row) => Json.Deserialize<RecordEvent>(LongText.Get(row, "Data"));

    /// <summary>The events of a record from <paramref name="from"/> to <paramref name="to"/> (sequences, inclusive), in order: one query.</summary>
    public static async Task<IReadOnlyList<RecordEvent>> ReadAsync(TableClient table, string id, int from, int to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {RowKey(Math.Max(from, 1))} and RowKey le {RowKey(Math.Min(to, 999_999))}");
        var events = new List<RecordEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            events.Add(Read(row));
        }
        return events;
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, with the rows of <paramref name="rowKeys"/> beside the record read
    /// in the same query (a row not there is left out).
    /// </summary>
    public static async Task<(IReadOnlyList<RecordEvent> Events, IReadOnlyDictionary<string, TableEntity> Rows)> ReadWithRowsAsync(
        TableClient table, string id, int from, int to, IReadOnlyList<string> rowKeys, CancellationToken ct)
    {
        var filter = $"PartitionKey eq '{Escape(id)}' and ((RowKey ge '{RowKey(Math.Max(from, 1))}' and RowKey le '{RowKey(Math.Min(to, 999_999))}')"
            + string.Concat(rowKeys.Select(k => $" or RowKey eq '{Escape(k)}'")) + ")";
        var events = new List<RecordEvent>();
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey.StartsWith(Prefix, StringComparison.Ordinal))
            {
                events.Add(Read(row));
            }
            else
            {
                rows[row.RowKey] = row;
            }
        }
        return (events, rows);
    }

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

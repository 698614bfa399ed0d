using System.Globalization;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.PowerBi;

/// <summary>
/// The lean Table Storage copy of each star-schema table: one table each, a fact partitioned by
/// month (<c>yyyyMM</c>), a dimension by group, a row per key with one property per column.
/// Writes replace rows by key (a re-run changes nothing); the export rewrites a month's files
/// from its partition, so the files and the tables always hold the same rows.
/// </summary>
public sealed class ExportTableStore(StorageAccount storage)
{
    public async Task UpsertAsync(ExportTable table, IEnumerable<ExportRow> rows, CancellationToken ct)
    {
        var client = storage.Table(table.StorageTable);
        foreach (var partition in rows.GroupBy(r => r.Partition))
        {
            // One transaction holds at most 100 rows, and a key only once (the last version wins).
            var latest = partition.GroupBy(r => r.Key).Select(g => g.Last());
            foreach (var chunk in latest.Chunk(100))
            {
                await client.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(table, r))), ct);
            }
        }
    }

    /// <summary>One partition's rows (a fact's month), in key order.</summary>
    public Task<List<ExportRow>> PartitionAsync(ExportTable table, string partition, CancellationToken ct) =>
        ReadAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), ct);

    /// <summary>The whole table (a dimension), in partition and key order.</summary>
    public Task<List<ExportRow>> AllAsync(ExportTable table, CancellationToken ct) => ReadAsync(table, null, ct);

    private async Task<List<ExportRow>> ReadAsync(ExportTable table, string? filter, CancellationToken ct)
    {
        var rows = new List<ExportRow>();
        await foreach (var entity in storage.Table(table.StorageTable).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows.Add(Row(table, entity));
        }
        return rows;
    }

    private static TableEntity Entity(ExportTable table, ExportRow row)
    {
        var entity = new TableEntity(row.Partition, row.Key);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (row.Values[i] is { } value)
            {
                // Table Storage has no decimal: kept as invariant text, read back exactly.
                entity[table.Columns[i].Name] = value is decimal d ? d.ToString(CultureInfo.InvariantCulture) : value;
            }
        }
        return entity;
    }

    private static ExportRow Row(ExportTable table, TableEntity entity) => new(entity.PartitionKey, entity.RowKey,
        [.. table.Columns.Select(c => Value(c, entity))]);

    private static object? Value(ExportColumn column, TableEntity entity)
    {
        if (!entity.TryGetValue(column.Name, out var value) || value is null)
        {
            return null;
        }
        return column.Type switch
        {
            ColumnType.Text => value.ToString(),
            ColumnType.Whole => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ColumnType.Decimal => decimal.Parse(value.ToString()!, CultureInfo.InvariantCulture),
            ColumnType.Flag => (bool)value,
            _ => value switch
            {
                DateTimeOffset o => o.UtcDateTime,
                DateTime d => DateTime.SpecifyKind(d.ToUniversalTime(), DateTimeKind.Utc),
                _ => throw new InvalidOperationException($"{column.Name} holds {value.GetType().Name}, not a time."),
            },
        };
    }
}

using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Returns;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Reports;

/// <summary>
/// Reads the records of a period for the reports, month by month, never a whole table: a month's
/// complaints are one key range of the complaint table (numbers carry the month), read with the few
/// history rows the figures need; CAPAs and return orders come from their lists' month partitions,
/// then by id; customer grades by id, only when the report is filtered by grade.
/// </summary>
public sealed class ReportSources(
    StorageAccount storage,
    RecordStore<Complaint> complaints,
    RecordStore<CorrectiveAction> capas,
    RecordStore<ReturnOrder> returns,
    RecordStore<CustomerCard> customers)
{
    /// <summary>How many records are read at once when reading by id.</summary>
    private const int Parallel = 8;

    public async Task<IReadOnlyList<ComplaintHistory>> ComplaintsAsync(IEnumerable<string> months, CancellationToken ct)
    {
        var types = string.Join(" or ", ComplaintHistory.EventTypesRead.Select(t => TableClient.CreateQueryFilter($"Type eq {t}")));
        var list = new List<ComplaintHistory>();
        foreach (var month in months)
        {
            var (first, after) = ($"KS-{month}-", $"KS-{month}.");
            var rows = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {after}")
                + " and (" + TableClient.CreateQueryFilter($"RowKey eq {RecordStore<Complaint>.RecordRow}")
                + " or (" + TableClient.CreateQueryFilter($"RowKey ge {RecordHistory.Prefix} and RowKey lt {"event}"}") + $" and ({types})))";
            var records = new Dictionary<string, Complaint>(StringComparer.Ordinal);
            var events = new Dictionary<string, List<HistoryEvent>>(StringComparer.Ordinal);
            await foreach (var row in complaints.Table.QueryAsync<TableEntity>(rows, cancellationToken: ct))
            {
                if (row.RowKey == RecordStore<Complaint>.RecordRow)
                {
                    records[row.PartitionKey] = RecordStore<Complaint>.Read(row).Record;
                    continue;
                }
                var e = RecordHistory.Read(row);
                var step = e.Data.TryGetProperty("step", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString()! : "";
                (events.TryGetValue(row.PartitionKey, out var l) ? l : events[row.PartitionKey] = []).Add(new HistoryEvent(e.Type, step, e.At));
            }
            list.AddRange(records.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ComplaintHistory(r.Value, events.GetValueOrDefault(r.Key) ?? [])));
        }
        return list;
    }

    /// <summary>The CAPAs opened in these months (the CAPA list's month partitions), as stored now.</summary>
    public Task<IReadOnlyList<CorrectiveAction>> CapasAsync(IEnumerable<string> months, CancellationToken ct) =>
        ByIndexAsync(CapaIndex.Table, months, capas, ct);

    /// <summary>The return orders opened in these months (the return list's month partitions), as stored now.</summary>
    public Task<IReadOnlyList<ReturnOrder>> ReturnsAsync(IEnumerable<string> months, CancellationToken ct) =>
        ByIndexAsync(ReturnIndex.Table, months, returns, ct);

    /// <summary>The grade of each customer card named (cards that no longer exist are left out).</summary>
    public async Task<IReadOnlyDictionary<string, CustomerGrade>> GradesAsync(IEnumerable<string> customerIds, CancellationToken ct)
    {
        var grades = new System.Collections.Concurrent.ConcurrentDictionary<string, CustomerGrade>(StringComparer.Ordinal);
        await System.Threading.Tasks.Parallel.ForEachAsync(customerIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (id, token) =>
        {
            if (await customers.GetAsync(id, token) is { } card)
            {
                grades[id] = card.Record.Grade;
            }
        });
        return grades;
    }

    private async Task<IReadOnlyList<T>> ByIndexAsync<T>(string indexTable, IEnumerable<string> months, RecordStore<T> store, CancellationToken ct) where T : class
    {
        var ids = new List<string>();
        var index = storage.Table(indexTable);
        foreach (var month in months)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Partition(month)}");
            await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["Id"], cancellationToken: ct))
            {
                ids.Add(row.GetString("Id"));
            }
        }
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, T>(StringComparer.Ordinal);
        await System.Threading.Tasks.Parallel.ForEachAsync(ids.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (id, token) =>
        {
            if (await store.GetAsync(id, token) is { } stored)
            {
                found[id] = stored.Record;
            }
        });
        return [.. found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value)];
    }
}

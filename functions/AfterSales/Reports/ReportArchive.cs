using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Reports;

/// <summary>
/// The monthly supervision reports produced for closed months (table <c>SupervisionReports</c>):
/// partition <c>monthly</c>, row <c>YYYYMM|filter</c> (<c>|all</c> for the whole company). A
/// closed month's report is stored the first time it is asked for and answered from here after,
/// so it reads the same every time; it is produced again only on demand (<c>refresh=true</c>).
/// The stored reports of the whole company are also the GB/T 27922 evidence "monthly service
/// supervision reports produced".
/// </summary>
public sealed class ReportArchive(StorageAccount storage)
{
    public const string Table = "SupervisionReports";
    private const string Monthly = "monthly";

    private TableClient Reports => storage.Table(Table);

    public async Task<MonthlyReport?> GetAsync(string month, ReportFilter filter, CancellationToken ct)
    {
        var row = await Reports.GetEntityIfExistsAsync<TableEntity>(Monthly, RowKey(month, filter), cancellationToken: ct);
        return row.HasValue ? Json.Deserialize<MonthlyReport>(LongText.Get(row.Value!, "Data")) : null;
    }

    public async Task StoreAsync(MonthlyReport report, ReportFilter filter, CancellationToken ct)
    {
        var row = new TableEntity(Monthly, RowKey(report.Month, filter))
        {
            ["Month"] = report.Month,
            ["Filter"] = filter.Key,
            ["ProducedAt"] = report.ProducedAt,
        };
        LongText.Put(row, "Data", Json.Serialize(report));
        await Reports.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    /// <summary>The months (<c>YYYYMM</c>) between these two, inclusive, whose company-wide report was produced: one range query.</summary>
    public async Task<IReadOnlySet<string>> MonthsProducedAsync(string from, string to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Monthly} and RowKey ge {from} and RowKey lt {to + "|~"}");
        var months = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Reports.QueryAsync<TableEntity>(filter, select: ["Month", "Filter"], cancellationToken: ct))
        {
            if (row.GetString("Filter") == "all")
            {
                months.Add(row.GetString("Month"));
            }
        }
        return months;
    }

    private static string RowKey(string month, ReportFilter filter) => $"{month}|{filter.Key}";
}

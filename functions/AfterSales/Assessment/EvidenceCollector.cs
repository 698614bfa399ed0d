using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Assessment;

/// <summary>
/// Reads the system's records of a period for <see cref="EvidenceRules"/>, by month partition:
/// the complaint list's partition of each month (numbers only), then each of those complaints'
/// records (point reads, a few at a time); the CAPA list's partition of each month. No table is
/// scanned: the cost is one query per month per list, and one read per complaint of the period.
/// </summary>
public sealed class EvidenceCollector(StorageAccount storage, RecordStore<Complaint> complaints, TimeProvider clock, IOptions<ServiceOptions> service)
{
    private const int ParallelReads = 8;

    public async Task<IReadOnlyList<SystemFinding>> CollectAsync(IndicatorSet set, AssessmentPeriod period, CancellationToken ct)
    {
        if (set.Items().All(x => x.Item.Evidence is null))
        {
            return [];
        }
        var months = period.Months().ToList();
        var asOf = Min(clock.GetUtcNow(), EndOf(period.To));
        var (complaintsRead, capasRead) = (ComplaintsAsync(months, ct), CapasAsync(months, ct));
        return EvidenceRules.For(set, await complaintsRead, await capasRead, asOf);
    }

    /// <summary>The first instant after the month, in the service's time zone.</summary>
    public DateTimeOffset EndOf(string month)
    {
        var first = new DateTime(int.Parse(month[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(month[4..], System.Globalization.CultureInfo.InvariantCulture), 1).AddMonths(1);
        var zone = service.Value.Zone();
        return new DateTimeOffset(first, zone.GetUtcOffset(first));
    }

    private async Task<IReadOnlyList<Complaint>> ComplaintsAsync(IReadOnlyList<string> months, CancellationToken ct)
    {
        var index = storage.Table(ComplaintRecords.IndexTable);
        var numbers = new List<string>();
        foreach (var month in months)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Partition(month)}");
            await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["Number"], cancellationToken: ct))
            {
                numbers.Add(row.GetString("Number"));
            }
        }
        var records = new List<Complaint>(numbers.Count);
        foreach (var chunk in numbers.Chunk(ParallelReads))
        {
            var read = await Task.WhenAll(chunk.Select(n => complaints.GetAsync(n, ct)));
            records.AddRange(read.OfType<Stored<Complaint>>().Select(s => s.Record));
        }
        return records;
    }

    private async Task<IReadOnlyList<CapaFacts>> CapasAsync(IReadOnlyList<string> months, CancellationToken ct)
    {
        var index = storage.Table(CapaIndex.Table);
        var capas = new List<CapaFacts>();
        foreach (var month in months)
        {
            // The CAPA list keys its month partitions like the complaint list: 999999 − YYYYMM.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Partition(month)}");
            await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["Id", "Open", "Effective"], cancellationToken: ct))
            {
                capas.Add(new CapaFacts(row.GetString("Id"), row.GetBoolean("Open") ?? false, row.GetBoolean("Effective")));
            }
        }
        return capas;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.FieldService;
using AfterSales.Records;
using AfterSales.Reports;
using AfterSales.Storage;
using AfterSales.Surveys;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Assessment;

/// <summary>
/// Reads the system's records of a period for <see cref="EvidenceRules"/>, month by month: the
/// complaints received in the month (one key range of the complaint table: numbers carry the
/// month), the CAPAs opened in it (the CAPA list's month partition), and which of the period's
/// months that are over have their monthly supervision report stored (one range query of the
/// reports' archive). No table is scanned whole: one query per month each (more pages for a busy month).
/// </summary>
public sealed class EvidenceCollector(StorageAccount storage, RecordStore<Complaint> complaints, RecordStore<Visit> visits, Revisits.Revisits revisits,
    SurveyAnswers answers, ReportArchive reports, TimeProvider clock, IOptions<ServiceOptions> service)
{
    public async Task<IReadOnlyList<SystemFinding>> CollectAsync(IndicatorSet set, AssessmentPeriod period, CancellationToken ct)
    {
        if (set.Items().All(x => x.Item.Evidence is null))
        {
            return [];
        }
        var months = period.Months().ToList();
        var asOf = Min(clock.GetUtcNow(), EndOf(period.To));
        var (complaintsRead, capasRead, fieldRead) = (ComplaintsAsync(months, ct), CapasAsync(months, ct), FieldAsync(months, ct));
        var scheduled = (await revisits.ScheduledInAsync(months, ct)).SelectMany(v => v.Steps).ToList();
        var answered = await answers.ForPeriodAsync(EndOf(PreviousMonth(months[0])), EndOf(months[^1]), ct);
        var followUps = new ServiceFollowUps(scheduled, answered, SurveyTemplate.Default.Scale.Min);
        var reported = set.Items().Any(x => x.Item.Evidence == EvidenceSource.SupervisionReports)
            ? new SupervisionFacts([.. months.Where(m => EndOf(m) <= asOf)], await reports.MonthsProducedAsync(months[0], months[^1], ct))
            : SupervisionFacts.None;
        return EvidenceRules.For(set, await complaintsRead, await capasRead, asOf, await fieldRead, followUps, reported);
    }

    /// <summary>The first instant after the month, in the service's time zone.</summary>
    public DateTimeOffset EndOf(string month)
    {
        var first = new DateTime(int.Parse(month[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(month[4..], System.Globalization.CultureInfo.InvariantCulture), 1).AddMonths(1);
        var zone = service.Value.Zone();
        return new DateTimeOffset(first, zone.GetUtcOffset(first));
    }

    /// <summary>
    /// A month's complaints: numbers are <c>KS-YYYYMM-NNNN</c> and each is its own partition, so the
    /// month is one key range of the complaint table; only the <c>record</c> rows come back.
    /// </summary>
    private async Task<IReadOnlyList<Complaint>> ComplaintsAsync(IReadOnlyList<string> months, CancellationToken ct)
    {
        var records = new List<Complaint>();
        foreach (var month in months)
        {
            var (first, after) = ($"KS-{month}-", $"KS-{month}.");
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {after} and RowKey eq {RecordStore<Complaint>.RecordRow}");
            await foreach (var row in complaints.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                records.Add(RecordStore<Complaint>.Read(row).Record);
            }
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

    /// <summary>
    /// The month's field work: the visits of its complaints (visit ids carry the complaint's month,
    /// so one key range of the visit table, record rows only) and the commissioning jobs planned to
    /// start in it (one partition of the field-work index).
    /// </summary>
    private async Task<FieldFacts> FieldAsync(IReadOnlyList<string> months, CancellationToken ct)
    {
        var visitFacts = new List<VisitFacts>();
        var jobs = new List<CommissioningFacts>();
        foreach (var month in months)
        {
            var (first, after) = ($"FV-{month}-", $"FV-{month}.");
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {after} and RowKey eq {RecordStore<Visit>.RecordRow}");
            await foreach (var row in visits.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var v = RecordStore<Visit>.Read(row).Record;
                var step = v.Steps.FirstOrDefault(s => s.IsOpen) ?? v.Steps.LastOrDefault();
                visitFacts.Add(new VisitFacts(v.Id, v.Stage == VisitStage.Completed, !string.IsNullOrWhiteSpace(v.Card.SignedCard), step?.DueAt ?? v.ArrivalDueAt));
            }
            var byMonth = TableClient.CreateQueryFilter($"PartitionKey eq {FieldWorkIndex.ByPlannedMonth(month)}");
            await foreach (var row in storage.Table(FieldWorkIndex.Table).QueryAsync<TableEntity>(byMonth, select: ["Id", "Accepted", "OnTime", "WorkDueAt"], cancellationToken: ct))
            {
                jobs.Add(new CommissioningFacts(row.GetString("Id"), row.GetBoolean("Accepted") ?? false, row.GetBoolean("OnTime"),
                    row.GetDateTimeOffset("WorkDueAt") ?? DateTimeOffset.MaxValue));
            }
        }
        return new FieldFacts(visitFacts, jobs);
    }

    private static string PreviousMonth(string month) =>
        new DateTime(int.Parse(month[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(month[4..], System.Globalization.CultureInfo.InvariantCulture), 1)
            .AddMonths(-1).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

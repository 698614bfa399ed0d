using AfterSales.Complaints;
using AfterSales.Customers;
using Microsoft.Extensions.Options;

namespace AfterSales.Reports;

/// <summary>
/// Produces the reports: reads the period's records (<see cref="ReportSources"/>), narrows them by the
/// filter, counts with the plain rules, and keeps a closed month's report (<see cref="ReportArchive"/>).
/// Figures stand as at the end of the period, or now while it runs (<c>Final</c> false then).
/// </summary>
public sealed class ReportService(ReportSources sources, ReportArchive archive, ISatisfactionFigures satisfaction, TimeProvider clock, IOptions<ServiceOptions> service)
{
    private TimeZoneInfo Zone => service.Value.Zone();

    /// <summary>A month's report: a closed month's stored one unless <paramref name="refresh"/> asks to produce it again (and store that).</summary>
    public async Task<MonthlyReport> MonthlyAsync(ReportPeriod month, ReportFilter filter, bool refresh, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var final = ReportPeriod.EndOf(month.To, Zone) <= now;
        if (final && !refresh && await archive.GetAsync(month.From, filter, ct) is { } stored)
        {
            return stored;
        }
        var asOf = AsOf(month, now);
        var complaints = await ComplaintsAsync(month.Months(), filter, ct);
        var report = new MonthlyReport(month.From, FilterView.Of(filter), asOf, now, final,
            ComplaintFigureRules.For(complaints, filter.Department, asOf),
            await satisfaction.ForPeriodAsync(month, filter, ct));
        if (final)
        {
            await archive.StoreAsync(report, filter, ct);
        }
        return report;
    }

    public async Task<SemiAnnualReport> SemiAnnualAsync(ReportPeriod period, ReportFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var asOf = AsOf(period, now);
        var year = period.TrailingYear();
        var months = year.Months().Union(period.Months()).Order(StringComparer.Ordinal).ToList();
        var all = await ComplaintsAsync(months, filter, ct);
        var inPeriod = all.Where(h => string.CompareOrdinal(Month(h), period.From) >= 0 && string.CompareOrdinal(Month(h), period.To) <= 0).ToList();
        var (capasRead, returnsRead) = (sources.CapasAsync(period.Months(), ct), sources.ReturnsAsync(period.Months(), ct));
        // Returns and CAPAs follow the filter through their complaints (any complaint of the last year that passes);
        // a CAPA also through its responsible department.
        var numbers = all.Select(h => h.Complaint.Number).ToHashSet(StringComparer.Ordinal);
        var capas = (await capasRead).Where(c => filter.IsEmpty
            || (filter.Department is null || c.ResponsibleDepartment == filter.Department) && (filter.Product is null && filter.Grade is null || c.Complaints.Any(numbers.Contains))).ToList();
        var returns = (await returnsRead).Where(r => filter.IsEmpty || numbers.Contains(r.ComplaintNumber)).ToList();
        var complaints = inPeriod.Select(h => h.Complaint).ToList();
        return new SemiAnnualReport(period.From, period.To, FilterView.Of(filter), asOf, now, ReportPeriod.EndOf(period.To, Zone) <= now,
            ComplaintFigureRules.For(inPeriod, filter.Department, asOf),
            SemiAnnualRules.Pareto(complaints.Select(c => c.Details.Product)),
            SemiAnnualRules.Pareto(complaints.Select(c => c.Details.PartNumber)),
            SemiAnnualRules.Repeats(complaints, byProduct: false),
            SemiAnnualRules.Repeats(complaints, byProduct: true),
            SemiAnnualRules.Capas(capas, asOf),
            SemiAnnualRules.Returns(returns, asOf),
            [.. year.Months().Select(m => Trend(m, all.Where(h => Month(h) == m).ToList(), asOf))],
            await satisfaction.ForPeriodAsync(period, filter, ct));
    }

    private TrendPoint Trend(string month, IReadOnlyList<ComplaintHistory> complaints, DateTimeOffset asOf)
    {
        var end = ReportPeriod.EndOf(month, Zone);
        var figures = ComplaintFigureRules.For(complaints, null, end < asOf ? end : asOf);
        return new(ReportPeriod.Display(month), figures.Received, figures.Arrival.OnTimePercent, figures.Resolution.MedianHours);
    }

    private async Task<IReadOnlyList<ComplaintHistory>> ComplaintsAsync(IEnumerable<string> months, ReportFilter filter, CancellationToken ct)
    {
        var read = (await sources.ComplaintsAsync(months, ct)).Where(h => ComplaintFigureRules.Matches(h.Complaint, filter)).ToList();
        if (filter.Grade is not { } grade)
        {
            return read;
        }
        var grades = await sources.GradesAsync(read.Select(h => h.Complaint.Customer.CustomerId).OfType<string>(), ct);
        return [.. read.Where(h => h.Complaint.Customer.CustomerId is { } id && grades.TryGetValue(id, out var g) && g == grade)];
    }

    private DateTimeOffset AsOf(ReportPeriod period, DateTimeOffset now)
    {
        var end = ReportPeriod.EndOf(period.To, Zone);
        return end < now ? end : now;
    }

    private static string Month(ComplaintHistory h) => ComplaintNumber.MonthOf(h.Complaint.Number);
}

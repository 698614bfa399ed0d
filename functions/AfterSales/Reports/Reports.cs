using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Returns;

namespace AfterSales.Reports;

/// <summary>The filter as the report shows it (codes; null where not narrowed).</summary>
public sealed record FilterView(string? Department, string? Product, string? Grade)
{
    public static FilterView Of(ReportFilter f) => new(f.Department?.Code(), f.Product, f.Grade is { } g ? Codes.Of(g) : null);
}

/// <summary>
/// The monthly service supervision report (服务监督报告): the complaints of the month as they stood
/// at <see cref="AsOf"/> (the month's end once it is over), and the satisfaction of the month.
/// </summary>
public sealed record MonthlyReport(
    string Month,
    FilterView Filter,
    DateTimeOffset AsOf,
    DateTimeOffset ProducedAt,
    bool Final,
    ComplaintFigures Complaints,
    SatisfactionFigures Satisfaction);

/// <summary>One bar of a Pareto: a product or part, its complaints, its share and the cumulative share.</summary>
public sealed record ParetoRow(string Name, int Complaints, decimal Percent, decimal CumulativePercent);

/// <summary>A customer (and product) with more than one complaint in the period.</summary>
public sealed record RepeatRow(string Customer, string? Product, int Complaints, IReadOnlyList<string> Numbers);

/// <summary>CAPAs opened in the period, and of them: closed and verified effective (or not) by the report's time.</summary>
public sealed record CapaFigures(int Opened, int Closed, int VerifiedEffective, int VerifiedNotEffective);

/// <summary>A sum of money in one currency.</summary>
public sealed record Money(string Currency, decimal Amount);

/// <summary>
/// Return orders opened in the period (cancelled ones apart): orders by kind, units sent back and
/// found defective, and the cost: refunds paid by the report's time, per currency.
/// </summary>
public sealed record ReturnFigures(int Orders, int Returns, int Exchanges, int Cancelled, int UnitsReturned, int UnitsDefective, IReadOnlyList<Money> RefundsPaid);

/// <summary>One month of the trend: complaints received, the arrival promise kept, and the median time to resolve.</summary>
public sealed record TrendPoint(string Month, int Received, decimal? ArrivalOnTimePercent, decimal? MedianResolutionHours);

/// <summary>
/// The semi-annual statistics (半年度统计), the input to management review: the supervision
/// figures over the period, the top problem products and parts (Pareto), repeat complaints, CAPAs,
/// returns, and the trend of the 12 months that end with the period.
/// </summary>
public sealed record SemiAnnualReport(
    string From,
    string To,
    FilterView Filter,
    DateTimeOffset AsOf,
    DateTimeOffset ProducedAt,
    bool Final,
    ComplaintFigures Complaints,
    IReadOnlyList<ParetoRow> Products,
    IReadOnlyList<ParetoRow> Parts,
    IReadOnlyList<RepeatRow> RepeatCustomers,
    IReadOnlyList<RepeatRow> RepeatCustomerProducts,
    CapaFigures Capas,
    ReturnFigures Returns,
    IReadOnlyList<TrendPoint> Trend,
    SatisfactionFigures Satisfaction);

/// <summary>The semi-annual rules beyond the complaint figures: plain C#.</summary>
public static class SemiAnnualRules
{
    /// <summary>How many products or parts a Pareto names; the rest are one "others" row.</summary>
    public const int ParetoTop = 10;

    /// <summary>The name a Pareto gives a complaint without a product or part.</summary>
    public const string NotGiven = "(not given / 未填写)";

    public const string Others = "(others / 其他)";

    public static IReadOnlyList<ParetoRow> Pareto(IEnumerable<string?> names)
    {
        var groups = names.GroupBy(n => string.IsNullOrWhiteSpace(n) ? NotGiven : n.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        var total = groups.Sum(g => g.Count);
        var rows = groups.Take(ParetoTop).ToList();
        if (groups.Count > ParetoTop)
        {
            rows.Add((Others, groups.Skip(ParetoTop).Sum(g => g.Count)));
        }
        var cumulative = 0;
        return [.. rows.Select(r =>
        {
            cumulative += r.Count;
            return new ParetoRow(r.Name, r.Count, Math.Round(100m * r.Count / total, 1), Math.Round(100m * cumulative / total, 1));
        })];
    }

    /// <summary>Customers (by card, or by name when none) with two complaints or more; with <paramref name="byProduct"/>, per customer and product.</summary>
    public static IReadOnlyList<RepeatRow> Repeats(IEnumerable<Complaint> complaints, bool byProduct) =>
        [.. complaints
            .GroupBy(c => (Customer: c.Customer.CustomerId ?? c.Customer.Name, Product: byProduct ? c.Details.Product?.Trim().ToUpperInvariant() : null))
            .Where(g => g.Count() > 1)
            .Select(g => new RepeatRow(g.First().Customer.Name, byProduct ? g.First().Details.Product : null, g.Count(), [.. g.Select(c => c.Number).Order(StringComparer.Ordinal)]))
            .OrderByDescending(r => r.Complaints).ThenBy(r => r.Customer, StringComparer.Ordinal).ThenBy(r => r.Product, StringComparer.Ordinal)];

    public static CapaFigures Capas(IReadOnlyList<CorrectiveAction> capas, DateTimeOffset asOf)
    {
        var verdicts = capas.Select(c => c.Verifications.Where(v => v.At <= asOf).Select(v => (bool?)v.Effective).LastOrDefault()).ToList();
        return new(capas.Count, capas.Count(c => c.ClosedAt is { } at && at <= asOf), verdicts.Count(v => v == true), verdicts.Count(v => v == false));
    }

    public static ReturnFigures Returns(IReadOnlyList<ReturnOrder> orders, DateTimeOffset asOf)
    {
        var kept = orders.Where(o => o.Stage != ReturnStage.Cancelled).ToList();
        return new(
            kept.Count,
            kept.Count(o => o.Kind == ReturnKind.Return),
            kept.Count(o => o.Kind == ReturnKind.Exchange),
            orders.Count - kept.Count,
            kept.Sum(o => o.Items.Sum(i => i.Quantity)),
            kept.Sum(o => o.Items.Sum(i => i.DefectiveFound ?? i.DefectiveQuantity)),
            [.. kept.Select(o => o.Refund).OfType<Refund>().Where(r => r.At <= asOf)
                .GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Money(g.Key, g.Sum(r => r.Amount)))]);
    }
}

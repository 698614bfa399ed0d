using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Reports;

/// <summary>How many of one kind (a channel, a path, a department), by its code.</summary>
public sealed record CountOf(string Code, int Count);

/// <summary>Elapsed hours (SLA pauses excluded) of <see cref="Count"/> complaints: the median and the 90th percentile.</summary>
public sealed record Durations(int Count, decimal? MedianHours, decimal? P90Hours);

/// <summary>The customer's arrival promise (24 h in the province, 48 h outside, or agreed): due or kept by the report's time, and kept.</summary>
public sealed record ArrivalFigures(int Due, int Met, int Missed, decimal? OnTimePercent);

/// <summary>
/// The complaint figures of the monthly service supervision report (服务监督报告), for the complaints
/// of a period (by the month of their number), as they stood at <c>asOf</c>: nothing that happened
/// later counts, so a closed period's figures do not move.
/// </summary>
public sealed record ComplaintFigures(
    int Received,
    IReadOnlyList<CountOf> ByChannel,
    IReadOnlyList<CountOf> ByPath,
    IReadOnlyList<CountOf> ByDepartment,
    ArrivalFigures Arrival,
    Durations FirstResponse,
    Durations Resolution,
    int OverdueSteps,
    int EscalatedSteps,
    int Resolved,
    int FirstContactResolved,
    decimal? FirstContactPercent,
    int Reopened);

/// <summary>The rules behind <see cref="ComplaintFigures"/>: plain C# over the complaints and their history.</summary>
public static class ComplaintFigureRules
{
    /// <summary>The path code of a complaint not analysed yet at the report's time.</summary>
    public const string Untriaged = "untriaged";

    /// <summary>The paths solved without anyone going on site: what first-contact resolution counts.</summary>
    private static readonly HandlingPath[] RemotePaths = [HandlingPath.NotQualityProblem, HandlingPath.QualityRemote];

    public static ComplaintFigures For(IReadOnlyList<ComplaintHistory> complaints, Department? department, DateTimeOffset asOf)
    {
        var resolved = complaints.Select(h => (h, At: FirstResolution(h, asOf))).Where(x => x.At is not null).ToList();
        var firstContact = resolved.Count(x => PathAt(x.h.Complaint, asOf) is { } p && RemotePaths.Contains(p) && !ReopenedBy(x.h, asOf));
        var steps = complaints.SelectMany(h => h.Complaint.Steps.Select(s => (h, s)))
            .Where(x => x.s.OpenedAt <= asOf && (department is null || x.s.Department == department)).ToList();
        return new(
            complaints.Count,
            [.. Enum.GetValues<Channel>().Select(c => new CountOf(Codes.Of(c), complaints.Count(h => h.Complaint.Channel == c)))],
            [.. Enum.GetValues<HandlingPath>().Select(p => new CountOf(Codes.Of(p), complaints.Count(h => PathAt(h.Complaint, asOf) == p))),
                new CountOf(Untriaged, complaints.Count(h => PathAt(h.Complaint, asOf) is null))],
            [.. Enum.GetValues<Department>().Where(d => department is null || d == department)
                .Select(d => new CountOf(d.Code(), complaints.Count(h => h.Complaint.Steps.Any(s => s.Department == d && s.OpenedAt <= asOf))))],
            Arrival(complaints, asOf),
            Of([.. complaints.Select(h => FirstResponse(h, asOf)).OfType<TimeSpan>()]),
            Of([.. resolved.Select(x => Elapsed.Between(x.h.Complaint.ReceivedAt, x.At!.Value, x.h.Pauses(null, asOf)))]),
            steps.Count(x => Overdue(x.s, asOf)),
            steps.Count(x => x.h.Events.Any(e => ComplaintHistory.IsEscalation(e) && e.Step == x.s.Id && e.At <= asOf)),
            resolved.Count,
            firstContact,
            Percent(firstContact, resolved.Count),
            complaints.Count(h => ReopenedBy(h, asOf)));
    }

    /// <summary>Whether a complaint passes the filter's product and department (the grade is the caller's: it lives on the customer card).</summary>
    public static bool Matches(Complaint c, ReportFilter filter) =>
        (filter.Product is null || string.Equals(c.Details.Product?.Trim(), filter.Product, StringComparison.OrdinalIgnoreCase))
        && (filter.Department is null || c.Steps.Any(s => s.Department == filter.Department));

    /// <summary>The path chosen by the report's time; null while not analysed.</summary>
    public static HandlingPath? PathAt(Complaint c, DateTimeOffset asOf) => c.Triage is { } t && t.At <= asOf ? t.Path : null;

    /// <summary>Time to first response: from the call to the first preliminary analysis (triage) done, less that step's pauses.</summary>
    public static TimeSpan? FirstResponse(ComplaintHistory h, DateTimeOffset asOf) =>
        h.Complaint.Steps.Where(s => s.Is(StepKind.Triage) && s.Outcome == StepOutcome.Done && s.CompletedAt <= asOf).MinBy(s => s.CompletedAt) is { CompletedAt: { } done } step
            ? Elapsed.Between(h.Complaint.ReceivedAt, done, h.Pauses(step.Id, asOf))
            : null;

    /// <summary>When the work was first done (resolved) by the report's time; null if not yet.</summary>
    public static DateTimeOffset? FirstResolution(ComplaintHistory h, DateTimeOffset asOf) =>
        h.Events.Where(e => ComplaintHistory.IsResolution(e) && e.At <= asOf).Select(e => (DateTimeOffset?)e.At).Min()
        ?? (h.Complaint.ResolvedAt is { } r && r <= asOf ? r : null);

    public static bool ReopenedBy(ComplaintHistory h, DateTimeOffset asOf) => h.Events.Any(e => ComplaintHistory.IsReopening(e) && e.At <= asOf);

    /// <summary>A step over its (pause-adjusted) due time: done late by the report's time, or still open past it then. Cancelled steps do not count.</summary>
    public static bool Overdue(WorkItem s, DateTimeOffset asOf) => s.Outcome != StepOutcome.Cancelled
        && (s.CompletedAt is { } done && done <= asOf ? s.OnTime == false : s.DueAt < asOf && !(s.PausedAt is { } p && p <= asOf));

    private static ArrivalFigures Arrival(IReadOnlyList<ComplaintHistory> complaints, DateTimeOffset asOf)
    {
        var promises = complaints.Select(h => h.Complaint.ArrivalPromise).OfType<ArrivalPromise>()
            .Where(p => p.From <= asOf && (p.ArrivedAt is { } a && a <= asOf || p.DueAt <= asOf)).ToList();
        var met = promises.Count(p => p.ArrivedAt is { } a && a <= asOf && a <= p.DueAt);
        return new(promises.Count, met, promises.Count - met, Percent(met, promises.Count));
    }

    public static Durations Of(IReadOnlyList<TimeSpan> spans)
    {
        if (spans.Count == 0)
        {
            return new(0, null, null);
        }
        var hours = spans.Select(s => (decimal)s.TotalHours).Order().ToList();
        var n = hours.Count;
        var median = n % 2 == 1 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
        // The 90th percentile by nearest rank: the smallest value with at least 90% of the values at or below it.
        var p90 = hours[(int)Math.Ceiling(0.9m * n) - 1];
        return new(n, Math.Round(median, 2), Math.Round(p90, 2));
    }

    public static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);
}

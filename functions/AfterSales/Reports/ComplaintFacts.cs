using AfterSales.Complaints;
using AfterSales.WorkItems;

namespace AfterSales.Reports;

/// <summary>The few events of a complaint's history the figures need, with when they happened.</summary>
public sealed record HistoryEvent(string Type, string Step, DateTimeOffset At);

/// <summary>
/// A complaint as stored, with the events that carry times the record itself does not keep: pauses
/// and resumptions of its steps, escalations, resolutions and reopenings.
/// </summary>
public sealed record ComplaintHistory(Complaint Complaint, IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>The event types read with the record (one query: the record row and these rows of its partition).</summary>
    public static readonly IReadOnlyList<string> EventTypesRead =
    [
        Kernel.EventTypes.NameOf<StepPaused>(), Kernel.EventTypes.NameOf<StepResumed>(), Kernel.EventTypes.NameOf<StepEscalated>(),
        Kernel.EventTypes.NameOf<Resolved>(), Kernel.EventTypes.NameOf<Reopened>(),
    ];

    public static bool IsPause(HistoryEvent e) => e.Type == Kernel.EventTypes.NameOf<StepPaused>();
    public static bool IsResume(HistoryEvent e) => e.Type == Kernel.EventTypes.NameOf<StepResumed>();
    public static bool IsEscalation(HistoryEvent e) => e.Type == Kernel.EventTypes.NameOf<StepEscalated>();
    public static bool IsResolution(HistoryEvent e) => e.Type == Kernel.EventTypes.NameOf<Resolved>();
    public static bool IsReopening(HistoryEvent e) => e.Type == Kernel.EventTypes.NameOf<Reopened>();

    /// <summary>The intervals during which a step's clock stood still (an open pause runs to <paramref name="until"/>).</summary>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Pauses(string? step, DateTimeOffset until)
    {
        foreach (var group in Events.Where(e => (IsPause(e) || IsResume(e)) && (step is null || e.Step == step)).GroupBy(e => e.Step))
        {
            DateTimeOffset? pausedAt = null;
            foreach (var e in group.OrderBy(e => e.At))
            {
                if (IsPause(e))
                {
                    pausedAt ??= e.At;
                }
                else if (pausedAt is { } from)
                {
                    yield return (from, e.At);
                    pausedAt = null;
                }
            }
            if (pausedAt is { } open && open < until)
            {
                yield return (open, until);
            }
        }
    }
}

/// <summary>Elapsed time with the SLA pauses taken out: the clock stands still while any step waits on the customer or on parts.</summary>
public static class Elapsed
{
    public static TimeSpan Between(DateTimeOffset from, DateTimeOffset to, IEnumerable<(DateTimeOffset From, DateTimeOffset To)> pauses)
    {
        var paused = TimeSpan.Zero;
        DateTimeOffset? runFrom = null, runTo = null;
        foreach (var (a, b) in pauses.Select(p => (From: Max(p.From, from), To: Min(p.To, to))).Where(p => p.From < p.To).OrderBy(p => p.From))
        {
            if (runTo is { } end && a <= end)
            {
                runTo = Max(end, b);
                continue;
            }
            if (runFrom is { } s && runTo is { } e)
            {
                paused += e - s;
            }
            (runFrom, runTo) = (a, b);
        }
        if (runFrom is { } s2 && runTo is { } e2)
        {
            paused += e2 - s2;
        }
        return to - from - paused;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

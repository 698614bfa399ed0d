using AfterSales.Complaints;
using AfterSales.Surveys;
using AfterSales.WorkItems;

namespace AfterSales.Assessment;

/// <summary>What the system can count from its own records for an item (the item's <c>evidence</c> in the indicator set).</summary>
public enum EvidenceSource
{
    /// <summary>Complaints of the period with their preliminary analysis (triage) done: answered.</summary>
    ComplaintsAnswered,
    /// <summary>Arrival promises due in the period (24 h / 48 h from the call) that were kept.</summary>
    ArrivalOnTime,
    /// <summary>Complaints of the period closed (the customer confirmed).</summary>
    ClosedLoop,
    /// <summary>Complaints of the period closed and never reopened.</summary>
    NotReopened,
    /// <summary>Revisits (回访) due in the period that were done on time: the complaints' and the delivered products' scheduled ones.</summary>
    RevisitsOnTime,
    /// <summary>CAPAs opened in the period that are closed.</summary>
    CapaClosed,
    /// <summary>CAPAs opened in the period whose latest verification found them effective.</summary>
    CapaEffective,
    /// <summary>Field visits of the period's complaints, done or due, completed with the customer's signed service record card.</summary>
    FieldVisits,
    /// <summary>Commissioning jobs planned to start in the period, done or due, accepted on time with the signed acceptance form.</summary>
    Commissioning,
    /// <summary>Satisfaction surveys answered in the period, and how many scored no item at the bottom of the scale.</summary>
    Surveys,
    /// <summary>Closed months of the period whose monthly service supervision report (服务监督报告) was produced.</summary>
    SupervisionReports,
}

/// <summary>
/// What the system counted for one item: a sample (passed of sampled) the assessor may accept
/// as the item's finding, with the figures behind it; or <see cref="HasData"/> false when the
/// system keeps no such records yet, or none fell in the period.
/// </summary>
public sealed record SystemFinding(string Item, EvidenceSource Source, bool HasData, int Sampled, int Passed, IReadOnlyDictionary<string, int> Figures, string Basis)
{
    public decimal? Rate => Sampled > 0 ? Scoring.Round((decimal)Passed / Sampled * 100m) : null;
}

/// <summary>What the revisit and survey features recorded for the period: scheduled revisits' work items, survey answers.</summary>
public sealed record ServiceFollowUps(IReadOnlyList<WorkItem> ScheduledRevisits, IReadOnlyList<AnswerRecord> Answers, int BottomOfScale)
{
    public static readonly ServiceFollowUps None = new([], [], 1);
}

/// <summary>The months of the period over by then (<c>YYYYMM</c>), and those whose company-wide supervision report was produced.</summary>
public sealed record SupervisionFacts(IReadOnlyList<string> ClosedMonths, IReadOnlySet<string> Reported)
{
    public static readonly SupervisionFacts None = new([], new HashSet<string>());
}

/// <summary>The facts of one CAPA list row that the improvement items count.</summary>
public sealed record CapaFacts(string Id, bool Open, bool? Effective);

/// <summary>The facts of one field visit the repair item counts: completed (which needs the signed card), and when its step is due.</summary>
public sealed record VisitFacts(string Id, bool Completed, bool SignedCard, DateTimeOffset DueAt);

/// <summary>The facts of one commissioning job: accepted with the signed form, whether the work was on time, when it is due.</summary>
public sealed record CommissioningFacts(string Id, bool Accepted, bool? OnTime, DateTimeOffset DueAt);

/// <summary>The field-service records of the period: its complaints' visits and the commissioning jobs planned to start in it.</summary>
public sealed record FieldFacts(IReadOnlyList<VisitFacts> Visits, IReadOnlyList<CommissioningFacts> Commissioning)
{
    public static readonly FieldFacts None = new([], []);
}

/// <summary>
/// The system's evidence as plain rules over the records of the period: the complaints received
/// in its months (their records as they are at <c>asOf</c>), and the CAPAs opened in them.
/// </summary>
public static class EvidenceRules
{
    public static IReadOnlyList<SystemFinding> For(IndicatorSet set, IReadOnlyList<Complaint> complaints, IReadOnlyList<CapaFacts> capas, DateTimeOffset asOf,
        FieldFacts? field = null, ServiceFollowUps? followUps = null, SupervisionFacts? reports = null) =>
        [.. set.Items().Where(x => x.Item.Evidence is not null).Select(x => Finding(x.Item.Code, x.Item.Evidence!.Value, complaints, capas, asOf, field, followUps, reports))];

    public static SystemFinding Finding(string item, EvidenceSource source, IReadOnlyList<Complaint> complaints, IReadOnlyList<CapaFacts> capas, DateTimeOffset asOf,
        FieldFacts? field = null, ServiceFollowUps? followUps = null, SupervisionFacts? reports = null)
    {
        field ??= FieldFacts.None;
        followUps ??= ServiceFollowUps.None;
        var received = complaints.Count;
        var (sampled, passed, figures, basis) = source switch
        {
            EvidenceSource.ComplaintsAnswered => Sample(received, complaints.Count(Answered), "received", "answered",
                "Complaints received in the period (sampled) whose preliminary analysis was done (passed)."),
            EvidenceSource.ArrivalOnTime => ArrivalOnTime(complaints, asOf),
            EvidenceSource.ClosedLoop => Sample(received, complaints.Count(c => c.State == ComplaintState.Closed), "received", "closed",
                "Complaints received in the period (sampled) that are closed, the customer having confirmed (passed)."),
            EvidenceSource.NotReopened => NotReopened(complaints),
            EvidenceSource.RevisitsOnTime => RevisitsOnTime(complaints, followUps.ScheduledRevisits, asOf),
            EvidenceSource.Surveys => Surveyed(followUps.Answers, followUps.BottomOfScale),
            EvidenceSource.CapaClosed => Sample(capas.Count, capas.Count(c => !c.Open), "opened", "closed",
                "CAPAs opened in the period (sampled) that are closed (passed)."),
            EvidenceSource.SupervisionReports => Supervision(reports ?? SupervisionFacts.None),
            EvidenceSource.CapaEffective => Sample(capas.Count(c => c.Effective is not null), capas.Count(c => c.Effective == true), "verified", "effective",
                "CAPAs opened in the period whose effect was verified (sampled) and found effective (passed)."),
            EvidenceSource.FieldVisits => FieldVisits(field.Visits, asOf),
            EvidenceSource.Commissioning => CommissioningAccepted(field.Commissioning, asOf),
            _ => throw new InvalidOperationException($"No rule counts {source}."),
        };
        return new(item, source, sampled > 0, sampled, passed, figures, sampled > 0 ? basis : "Nothing of this kind in the period: exclude the item or record what you found.");
    }

    /// <summary>Answered: the preliminary analysis (triage) was done at least once.</summary>
    public static bool Answered(Complaint c) => c.Steps.Any(s => s.Is(StepKind.Triage) && s.Outcome == StepOutcome.Done);

    private static (int, int, IReadOnlyDictionary<string, int>, string) Sample(int sampled, int passed, string sampledName, string passedName, string basis) =>
        (sampled, passed, new Dictionary<string, int> { [sampledName] = sampled, [passedName] = passed }, basis);

    private static (int, int, IReadOnlyDictionary<string, int>, string) ArrivalOnTime(IReadOnlyList<Complaint> complaints, DateTimeOffset asOf)
    {
        // A promise counts once it was kept or broken: arrived, or due by now.
        var promises = complaints.Select(c => c.ArrivalPromise).OfType<ArrivalPromise>().Where(p => p.Met is not null || p.DueAt <= asOf).ToList();
        var met = promises.Count(p => p.Met == true);
        return (promises.Count, met, new Dictionary<string, int> { ["promisesDue"] = promises.Count, ["met"] = met, ["missed"] = promises.Count - met },
            "Arrival promises to the customer (24 h in the province, 48 h outside, or as agreed) due or kept by now (sampled), kept (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) Supervision(SupervisionFacts reports)
    {
        var produced = reports.ClosedMonths.Count(reports.Reported.Contains);
        return (reports.ClosedMonths.Count, produced, new Dictionary<string, int> { ["monthsClosed"] = reports.ClosedMonths.Count, ["reportsProduced"] = produced },
            "Months of the period that are over (sampled) whose monthly service supervision report for the whole company was produced and stored (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) NotReopened(IReadOnlyList<Complaint> complaints)
    {
        var everClosed = complaints.Where(c => c.State == ComplaintState.Closed || c.ReopenCount > 0).ToList();
        var reopened = everClosed.Count(c => c.ReopenCount > 0);
        return (everClosed.Count, everClosed.Count - reopened, new Dictionary<string, int> { ["closed"] = everClosed.Count, ["reopened"] = reopened },
            "Complaints of the period closed at least once (sampled) that were never reopened (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) RevisitsOnTime(IReadOnlyList<Complaint> complaints, IReadOnlyList<WorkItem> scheduled, DateTimeOffset asOf)
    {
        var revisits = complaints.SelectMany(c => c.Steps).Where(s => s.Is(StepKind.Revisit)).Concat(scheduled).Where(s => s.Outcome != StepOutcome.Cancelled)
            .Where(s => !s.IsOpen || s.DueAt <= asOf).ToList();
        var onTime = revisits.Count(s => s.OnTime == true);
        var open = revisits.Count(s => s.IsOpen);
        return (revisits.Count, onTime, new Dictionary<string, int> { ["due"] = revisits.Count, ["onTime"] = onTime, ["late"] = revisits.Count - onTime - open, ["notDone"] = open },
            "Revisits (回访: one week after on-site work, and delivered products' scheduled ones) done or due by now (sampled), done by their due time (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) Surveyed(IReadOnlyList<AnswerRecord> answers, int bottom)
    {
        var low = answers.Count(a => a.Scores.Values.Any(v => v <= bottom));
        return (answers.Count, answers.Count - low, new Dictionary<string, int> { ["answered"] = answers.Count, ["noLowScore"] = answers.Count - low, ["lowScore"] = low },
            "Satisfaction surveys answered in the period (sampled) that rated no item at the bottom of the scale (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) FieldVisits(IReadOnlyList<VisitFacts> visits, DateTimeOffset asOf)
    {
        var counted = visits.Where(v => v.Completed || v.DueAt <= asOf).ToList();
        var signed = counted.Count(v => v.Completed && v.SignedCard);
        return (counted.Count, signed, new Dictionary<string, int> { ["visits"] = counted.Count, ["signed"] = signed, ["notCompleted"] = counted.Count(v => !v.Completed) },
            "Field visits of the period's complaints completed or due by now (sampled), completed with the customer's signed service record card (对外技术服务记录卡) attached (passed).");
    }

    private static (int, int, IReadOnlyDictionary<string, int>, string) CommissioningAccepted(IReadOnlyList<CommissioningFacts> jobs, DateTimeOffset asOf)
    {
        var counted = jobs.Where(j => j.Accepted || j.DueAt <= asOf).ToList();
        var accepted = counted.Count(j => j.Accepted);
        var onTime = counted.Count(j => j.Accepted && j.OnTime == true);
        return (counted.Count, onTime, new Dictionary<string, int> { ["jobs"] = counted.Count, ["accepted"] = accepted, ["acceptedOnTime"] = onTime },
            "Commissioning jobs planned to start in the period, accepted or due by now (sampled), accepted with the signed acceptance form (验收单) within their limit (passed).");
    }
}

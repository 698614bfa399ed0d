using System.Text.Json.Serialization;
using AfterSales.Kernel;

namespace AfterSales.Assessment;

public enum AssessmentState { Open, Completed }

/// <summary>The level a score reaches (GB/T 27922-2011): ≥ 70 compliant (达标), ≥ 80 three stars, ≥ 90 four, ≥ 95 five.</summary>
public enum AssessmentLevel { NotCompliant, Compliant, ThreeStars, FourStars, FiveStars }

/// <summary>What the assessor found for one item.</summary>
public enum ItemFinding
{
    /// <summary>符合: the item's points are earned.</summary>
    Conforms,
    /// <summary>不符合 (定性): the item's points are lost.</summary>
    NonConforming,
    /// <summary>抽样: passed ÷ sampled of the item's points are earned.</summary>
    Sampled,
    /// <summary>不适用: the item leaves the total (the reason is required).</summary>
    Excluded,
}

/// <summary>A special deduction (扣分) or a bonus (加分), in points of the 100-point score.</summary>
public enum AdjustmentKind { Deduction, Bonus }

/// <summary>A piece of evidence by reference: an attachment id, a report or document number (an attachment id is a file attached to the assessment: /api/attachments/assessment/{id}).</summary>
public sealed record EvidenceReference(string Reference, string? Note = null);

/// <summary>The assessor's finding on one item, with notes and evidence; <see cref="FromSystem"/> when they accepted the system's own figures.</summary>
public sealed record ItemResult(string Item, ItemFinding Finding, int? Sampled, int? Passed, string? Reason, string? Note,
    IReadOnlyList<EvidenceReference> Evidence, bool FromSystem, Staff By, DateTimeOffset At);

/// <summary>A special deduction or bonus with its reason, optionally about one second-level indicator; withdrawn ones stay on the record and count no more.</summary>
public sealed record Adjustment(string Id, AdjustmentKind Kind, decimal Points, string Reason, string? Indicator, Staff By, DateTimeOffset At)
{
    public string? WithdrawnReason { get; init; }
    public Staff? WithdrawnBy { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }

    [JsonIgnore]
    public bool Counts => WithdrawnAt is null;
}

/// <summary>The period assessed, in whole months (YYYYMM to YYYYMM, in the service's time zone).</summary>
public sealed record AssessmentPeriod(string From, string To)
{
    public IEnumerable<string> Months()
    {
        var (y, m) = (int.Parse(From[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(From[4..], System.Globalization.CultureInfo.InvariantCulture));
        for (var month = $"{y:D4}{m:D2}"; string.CompareOrdinal(month, To) <= 0; month = $"{y:D4}{m:D2}")
        {
            yield return month;
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1);
        }
    }
}

/// <summary>
/// A GB/T 27922-2011 self-assessment (商品售后服务自我评价) of one period: the indicator set as it
/// was when opened, the assessor's findings per item, special deductions and bonuses, the
/// figures the system counted from its own records, and the score once completed.
/// </summary>
public sealed record SelfAssessment
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required AssessmentPeriod Period { get; init; }
    public required IndicatorSet Indicators { get; init; }
    public required Staff OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }

    public AssessmentState State { get; init; } = AssessmentState.Open;
    public IReadOnlyList<ItemResult> Results { get; init; } = [];
    public IReadOnlyList<Adjustment> Adjustments { get; init; } = [];

    /// <summary>What the system counted from its records for the period, for the assessor to accept or change.</summary>
    public IReadOnlyList<SystemFinding> SystemEvidence { get; init; } = [];
    public DateTimeOffset? EvidenceCollectedAt { get; init; }

    public string? Summary { get; init; }
    public Staff? CompletedBy { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The score as completed (null while open: the view shows the provisional one).</summary>
    public decimal? FinalScore { get; init; }
    public AssessmentLevel? FinalLevel { get; init; }

    [JsonIgnore]
    public bool IsOpen => State == AssessmentState.Open;

    public ItemResult? ResultOf(string item) => Results.FirstOrDefault(r => r.Item == item);
}

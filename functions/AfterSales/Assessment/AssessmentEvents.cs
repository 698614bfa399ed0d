using AfterSales.Kernel;

namespace AfterSales.Assessment;

/// <summary>An assessor opened a self-assessment of a period with a version of the indicator set.</summary>
public sealed record AssessmentOpened(string Title, AssessmentPeriod Period, int IndicatorSetVersion) : IEventData;

/// <summary>The system counted its own records of the period for the items it can evidence.</summary>
public sealed record SystemEvidenceCollected(IReadOnlyList<SystemFinding> Findings) : IEventData;

/// <summary>Findings recorded on items (a later finding on the same item replaces the earlier).</summary>
public sealed record ItemsAssessed(IReadOnlyList<ItemResult> Results) : IEventData;

/// <summary>A special deduction or a bonus, with its reason.</summary>
public sealed record AdjustmentRecorded(Adjustment Adjustment) : IEventData;

/// <summary>A deduction or bonus withdrawn (recorded by mistake); the event's reason says why.</summary>
public sealed record AdjustmentWithdrawn(string Adjustment, AdjustmentKind Kind, decimal Points) : IEventData;

/// <summary>The assessment is complete: its score and level are final.</summary>
public sealed record AssessmentCompleted(decimal Score, AssessmentLevel Level, decimal Base, decimal Deductions, decimal Bonus) : IEventData;

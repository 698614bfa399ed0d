namespace AfterSales.Assessment;

/// <summary>What an assessor asks of an assessment; <see cref="Action"/> is the end of its URL.</summary>
public abstract record AssessmentCommand
{
    public abstract string Action { get; }
}

/// <summary>
/// One item's finding as sent: <c>finding</c> (conforms, nonConforming, sampled with
/// <c>sampled</c> and <c>passed</c>, excluded with a <c>reason</c>), or
/// <c>acceptSystemEvidence: true</c> to take the system's sample as it counted it.
/// </summary>
public sealed record ItemInput(string? Item, ItemFinding? Finding, int? Sampled, int? Passed, string? Reason, string? Note,
    IReadOnlyList<EvidenceReference>? Evidence, bool? AcceptSystemEvidence);

public sealed record AssessItems(IReadOnlyList<ItemInput?>? Items) : AssessmentCommand { public override string Action => "items"; }

public sealed record AddAdjustment(AdjustmentKind? Kind, decimal? Points, string? Reason, string? Indicator) : AssessmentCommand
{
    public override string Action => "adjustments";
}

public sealed record WithdrawAdjustment(string AdjustmentId, string? Reason) : AssessmentCommand { public override string Action => "withdrawal"; }

public sealed record CompleteAssessment(string? Summary) : AssessmentCommand { public override string Action => "completion"; }

/// <summary>The system's evidence, counted again by the service (not sent by a client).</summary>
public sealed record RefreshEvidence(IReadOnlyList<SystemFinding> Findings) : AssessmentCommand { public override string Action => "evidence"; }

/// <summary>What opening an assessment asks for: a title and the months assessed.</summary>
public sealed record NewAssessment(string? Title, string? From, string? To);

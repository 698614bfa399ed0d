using Microsoft.Extensions.Options;

namespace AfterSales.Capa;

/// <summary>
/// The time limit of each CAPA stage (section <c>Capa</c>): each stage's work item is due this
/// long after the stage begins and escalates when late. Measures are due at their own deadlines.
/// </summary>
public sealed class CapaOptions
{
    public const string Section = "Capa";

    /// <summary>Quality notifying the responsible department once the CAPA is opened.</summary>
    public TimeSpan NotificationLimit { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The responsible department's cause analysis.</summary>
    public TimeSpan CauseAnalysisLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Drafting the measures (and redrafting them after a rejection).</summary>
    public TimeSpan PlanningLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The department head's review of the plan.</summary>
    public TimeSpan ReviewLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The management representative's approval of the plan.</summary>
    public TimeSpan ApprovalLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Quality's verification of the effect once the last measure is done (time to observe it).</summary>
    public TimeSpan VerificationLimit { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Closing, or making it a standard and filing the records, once verified.</summary>
    public TimeSpan ClosureLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a closed CAPA is still shown on new complaints about the same part number.</summary>
    public TimeSpan RecentFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long past due a step or measure goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);

    public CapaLimits Limits() => new(NotificationLimit, CauseAnalysisLimit, PlanningLimit, ReviewLimit, ApprovalLimit, VerificationLimit, ClosureLimit);

    /// <summary>What is wrong with these settings, each said so an admin can fix it.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. new (string Name, TimeSpan Value)[]
        {
            (nameof(NotificationLimit), NotificationLimit), (nameof(CauseAnalysisLimit), CauseAnalysisLimit), (nameof(PlanningLimit), PlanningLimit),
            (nameof(ReviewLimit), ReviewLimit), (nameof(ApprovalLimit), ApprovalLimit), (nameof(VerificationLimit), VerificationLimit),
            (nameof(ClosureLimit), ClosureLimit), (nameof(RecentFor), RecentFor), (nameof(EscalateToManagementAfter), EscalateToManagementAfter),
        }.Where(l => l.Value <= TimeSpan.Zero).Select(l => $"{Section}:{l.Name} must be longer than zero (it is {l.Value})."),
    ];
}

internal sealed class CapaOptionsValidation : IValidateOptions<CapaOptions>
{
    public ValidateOptionsResult Validate(string? name, CapaOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

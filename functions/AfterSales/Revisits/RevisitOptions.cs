using Microsoft.Extensions.Options;

namespace AfterSales.Revisits;

/// <summary>Scheduled revisits (section <c>Revisits</c>).</summary>
public sealed class RevisitOptions
{
    public const string Section = "Revisits";

    /// <summary>A scheduled revisit is due this long after its date begins (within one week, as the documents say).</summary>
    public TimeSpan Limit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long past due a revisit goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);
}

internal sealed class RevisitOptionsValidation : IValidateOptions<RevisitOptions>
{
    public ValidateOptionsResult Validate(string? name, RevisitOptions o) =>
        o.Limit <= TimeSpan.Zero || o.EscalateToManagementAfter <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{RevisitOptions.Section}:Limit and EscalateToManagementAfter must be longer than zero.")
            : ValidateOptionsResult.Success;
}

using Microsoft.Extensions.Options;

namespace AfterSales.Surveys;

/// <summary>Satisfaction surveys (section <c>Surveys</c>); how long a customer's link lasts is <c>CustomerLinks:SurveyLifetime</c>.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Surveys";

    /// <summary>Marketing's follow-up of a low score is due this long after the answer.</summary>
    public TimeSpan FollowUpLimit { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long past due a follow-up goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);
}

internal sealed class SurveyOptionsValidation : IValidateOptions<SurveyOptions>
{
    public ValidateOptionsResult Validate(string? name, SurveyOptions o) =>
        o.FollowUpLimit <= TimeSpan.Zero || o.EscalateToManagementAfter <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{SurveyOptions.Section}:FollowUpLimit and EscalateToManagementAfter must be longer than zero.")
            : ValidateOptionsResult.Success;
}

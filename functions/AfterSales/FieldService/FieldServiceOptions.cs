using Microsoft.Extensions.Options;

namespace AfterSales.FieldService;

/// <summary>Field visits (section <c>FieldService</c>): the labour rate charged at cost, and how long a visit may stay on site.</summary>
public sealed class FieldServiceOptions
{
    public const string Section = "FieldService";

    /// <summary>Labour charged per hour outside the warranty, at cost (CNY).</summary>
    public decimal LabourRatePerHour { get; set; } = 200m;

    /// <summary>From arrival to the completed, signed card.</summary>
    public TimeSpan OnSiteLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Installation and commissioning (安装调试): 5–7 days; the job is due this long after its start.</summary>
    public TimeSpan CommissioningLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The revisit (回访) after commissioning is due within this of the acceptance.</summary>
    public TimeSpan RevisitWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long past due a visit goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);
}

internal sealed class FieldServiceOptionsValidation : IValidateOptions<FieldServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, FieldServiceOptions o)
    {
        var problems = new List<string>();
        if (o.LabourRatePerHour < 0)
        {
            problems.Add($"{FieldServiceOptions.Section}:LabourRatePerHour must be zero or more (it is {o.LabourRatePerHour}).");
        }
        if (o.OnSiteLimit <= TimeSpan.Zero)
        {
            problems.Add($"{FieldServiceOptions.Section}:OnSiteLimit must be longer than zero (it is {o.OnSiteLimit}).");
        }
        if (o.CommissioningLimit <= TimeSpan.Zero || o.RevisitWithin <= TimeSpan.Zero)
        {
            problems.Add($"{FieldServiceOptions.Section}:CommissioningLimit and RevisitWithin must be longer than zero.");
        }
        if (o.EscalateToManagementAfter <= TimeSpan.Zero)
        {
            problems.Add($"{FieldServiceOptions.Section}:EscalateToManagementAfter must be longer than zero (it is {o.EscalateToManagementAfter}).");
        }
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

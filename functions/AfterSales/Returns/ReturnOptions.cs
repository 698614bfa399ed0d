using Microsoft.Extensions.Options;

namespace AfterSales.Returns;

/// <summary>
/// The time limit of each stage of a return order (section <c>Returns</c>): each stage's work
/// item is due this long after the stage begins, and escalates when late.
/// </summary>
public sealed class ReturnOptions
{
    public const string Section = "Returns";

    /// <summary>Arranging the pickup, or the customer's shipment, once authorised.</summary>
    public TimeSpan ShipmentLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The goods arriving in the warehouse once shipped.</summary>
    public TimeSpan TransitLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Quality's inspection of the returned goods once received.</summary>
    public TimeSpan InspectionLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Shipping the replacement or paying the refund once inspected.</summary>
    public TimeSpan SettlementLimit { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Confirming the customer has the replacement or refund, and closing.</summary>
    public TimeSpan ClosureLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long past due a step goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);

    public ReturnLimits Limits() => new(ShipmentLimit, TransitLimit, InspectionLimit, SettlementLimit, ClosureLimit);

    /// <summary>What is wrong with these settings, each said so an admin can fix it.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. new (string Name, TimeSpan Value)[]
        {
            (nameof(ShipmentLimit), ShipmentLimit), (nameof(TransitLimit), TransitLimit), (nameof(InspectionLimit), InspectionLimit),
            (nameof(SettlementLimit), SettlementLimit), (nameof(ClosureLimit), ClosureLimit), (nameof(EscalateToManagementAfter), EscalateToManagementAfter),
        }.Where(l => l.Value <= TimeSpan.Zero).Select(l => $"{Section}:{l.Name} must be longer than zero (it is {l.Value})."),
    ];
}

internal sealed class ReturnOptionsValidation : IValidateOptions<ReturnOptions>
{
    public ValidateOptionsResult Validate(string? name, ReturnOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

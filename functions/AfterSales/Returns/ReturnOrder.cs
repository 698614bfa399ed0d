using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Returns;

/// <summary>What the customer gets for the goods sent back: 退货 (money refunded) or 换货 (a replacement shipped).</summary>
public enum ReturnKind { Return, Exchange }

/// <summary>Where a return order stands; every open stage has its work item.</summary>
public enum ReturnStage
{
    /// <summary>Authorised: the goods are to be picked up or sent by the customer.</summary>
    AwaitingShipment,
    /// <summary>On the way back, with carrier and tracking number.</summary>
    InTransit,
    /// <summary>Received in the warehouse; quality inspects them.</summary>
    AwaitingInspection,
    AwaitingReplacement,
    AwaitingRefund,
    /// <summary>Replacement shipped or refund paid: procurement confirms the customer has it and closes.</summary>
    AwaitingClosure,
    Closed,
    Cancelled,
}

/// <summary>The kinds of a return order's work items (one per stage).</summary>
public enum ReturnStep { Shipment, Receipt, Inspection, Replacement, Refund, Closure }

/// <summary>How the goods come back: collected by the company's carrier, or sent by the customer.</summary>
public enum ShippingMethod { Pickup, CustomerShips }

public enum InspectionResult { DefectConfirmed, NoDefectFound }

/// <summary>Who caused the defect, as quality's inspection finds it.</summary>
public enum Responsibility { Supplier, Production, Transport, CustomerMisuse }

/// <summary>How a return order ended.</summary>
public enum ReturnOutcome { Replaced, Refunded, Cancelled }

/// <summary>
/// One line of the return: the part, how many were delivered, how many come back and how many
/// of those are defective (returned ≤ delivered, defective ≤ returned); then what arrived and
/// what the inspection found defective.
/// </summary>
public sealed record ReturnItem(string PartNumber, int DeliveredQuantity, int Quantity, int DefectiveQuantity)
{
    public int? ReceivedQuantity { get; init; }
    public int? DefectiveFound { get; init; }
}

public sealed record Shipment(ShippingMethod Method, string Carrier, string TrackingNumber, Staff By, DateTimeOffset At);

public sealed record Receipt(string? Note, Staff By, DateTimeOffset At);

public sealed record Inspection(InspectionResult Result, Responsibility Responsibility, string Findings, Staff By, DateTimeOffset At);

public sealed record Replacement(string Carrier, string TrackingNumber, Staff By, DateTimeOffset At);

public sealed record Refund(decimal Amount, string Currency, string? Reference, Staff By, DateTimeOffset At);

/// <summary>
/// A return order (退换货单) owned by procurement, opened from a complaint on the return path.
/// Its id is the return authorisation number: <c>TH-</c>, the complaint's month and serial, and
/// the return's ordinal on that complaint (<c>TH-202611-0042-1</c>).
/// </summary>
public sealed record ReturnOrder
{
    public required string Id { get; init; }
    public required string ComplaintNumber { get; init; }
    public required ReturnKind Kind { get; init; }
    public required string CustomerName { get; init; }
    public required IReadOnlyList<ReturnItem> Items { get; init; }
    public string? Reason { get; init; }
    public required Staff OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }

    public ReturnStage Stage { get; init; } = ReturnStage.AwaitingShipment;
    public Shipment? Shipment { get; init; }
    public Receipt? Receipt { get; init; }
    public Inspection? Inspection { get; init; }
    public Replacement? Replacement { get; init; }
    public Refund? Refund { get; init; }
    public ReturnOutcome? Outcome { get; init; }
    public string? ClosingNote { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Its stages' work items, open and done.</summary>
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];

    [JsonIgnore]
    public bool IsOpen => Stage is not (ReturnStage.Closed or ReturnStage.Cancelled);
}

/// <summary>Return authorisation numbers: <c>TH-YYYYMM-NNNN-R</c> from the complaint <c>KS-YYYYMM-NNNN</c>.</summary>
public static class ReturnNumbers
{
    /// <summary>How many return orders one complaint may have.</summary>
    public const int MaxPerComplaint = 9;

    public static string For(string complaintNumber, int ordinal) => $"TH-{complaintNumber[3..]}-{ordinal}";

    public static bool IsValid(string? id) =>
        id is { Length: > 5 } && id.StartsWith("TH-", StringComparison.Ordinal) && id[^2] == '-' && char.IsAsciiDigit(id[^1]) && id[^1] != '0'
        && Complaints.ComplaintNumber.IsValid("KS-" + id[3..^2]);

    /// <summary>Refuses (400) what is not a return authorisation number.</summary>
    public static void Demand(string id)
    {
        if (!IsValid(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a return authorisation number; they look like TH-202611-0042-1.");
        }
    }
}

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Returns;

/// <summary>Procurement authorised the return (the order opened) for a complaint.</summary>
public sealed record ReturnAuthorised(string ComplaintNumber, ReturnKind Kind, IReadOnlyList<ReturnItem> Items, ReturnStage Stage, OpenedStep Step) : IEventData;

/// <summary>The goods are on the way back.</summary>
public sealed record ReturnShipped(ShippingMethod Method, string Carrier, string TrackingNumber, ReturnStage Stage, OpenedStep Step) : IEventData;

/// <summary>The goods arrived in the warehouse: how many of each part.</summary>
public sealed record ReturnReceived(IReadOnlyList<PartCount> Items, ReturnStage Stage, OpenedStep Step) : IEventData;

/// <summary>Quality inspected the returned goods.</summary>
public sealed record ReturnInspected(InspectionResult Result, Responsibility Responsibility, string Findings, IReadOnlyList<PartCount> Defective, ReturnStage Stage, OpenedStep Step) : IEventData;

public sealed record ReplacementShipped(string Carrier, string TrackingNumber, ReturnStage Stage, OpenedStep Step) : IEventData;

public sealed record RefundPaid(decimal Amount, string Currency, string? Reference, ReturnStage Stage, OpenedStep Step) : IEventData;

/// <summary>The customer has the replacement or the refund: the return order is closed.</summary>
public sealed record ReturnClosed(ReturnOutcome Outcome, ReturnStage Stage) : IEventData;

/// <summary>The return order was cancelled; the event's reason says why.</summary>
public sealed record ReturnCancelled(ReturnOutcome Outcome, ReturnStage Stage) : IEventData;

/// <summary>A part number and a quantity (received, found defective).</summary>
public sealed record PartCount(string PartNumber, int Quantity);

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.FieldService;

/// <summary>Where a field visit stands.</summary>
public enum VisitStage { Travelling, OnSite, Completed }

/// <summary>A part used on site (备件). A wear part (易损件) is never covered by the warranty.</summary>
public sealed record PartUsed(string PartNumber, string? Name, int Quantity, decimal UnitCost, bool WearPart);

/// <summary>What the customer pays, at cost: parts outside the warranty (wear parts always) and, out of warranty, the labour.</summary>
public sealed record VisitCharges(decimal Parts, decimal Labour, decimal Total, string Currency);

/// <summary>
/// The external technical service record card (对外技术服务记录卡) as the technician fills it on
/// site; every field may be saved unfinished (a draft) and completed later.
/// </summary>
public sealed record ServiceCard
{
    public DateTimeOffset? ArrivedAt { get; init; }
    public DateTimeOffset? DepartedAt { get; init; }
    /// <summary>现场情况: what was observed.</summary>
    public string? Observations { get; init; }
    /// <summary>原因分析</summary>
    public string? Analysis { get; init; }
    /// <summary>处理措施: what was done.</summary>
    public string? WorkDone { get; init; }
    public IReadOnlyList<PartUsed> Parts { get; init; } = [];
    public decimal? LabourHours { get; init; }
    /// <summary>Whether the product is within its warranty (保修期内).</summary>
    public bool? InWarranty { get; init; }
    /// <summary>The customer's representative who verified and signed (顾客代表).</summary>
    public string? CustomerRepresentative { get; init; }
    /// <summary>Their verdict: the effect verified (效果确认) or not.</summary>
    public bool? EffectVerified { get; init; }
    public string? CustomerComment { get; init; }
    /// <summary>The id of the signed card's scan or photo, an attachment of this visit.</summary>
    public string? SignedCard { get; init; }
}

/// <summary>
/// A field visit: one or two technicians sent to a complaint's site. Opened when the complaint's
/// technician is dispatched (the complaint keeps the customer's arrival promise); its work item
/// is due at the arrival deadline, then while on site at the record's limit.
/// </summary>
public sealed record Visit
{
    public required string Id { get; init; }
    public required string ComplaintNumber { get; init; }
    public required string CustomerName { get; init; }
    public required IReadOnlyList<Staff> Technicians { get; init; }
    public required DateTimeOffset DispatchedAt { get; init; }
    public required DateTimeOffset ArrivalDueAt { get; init; }
    public VisitStage Stage { get; init; } = VisitStage.Travelling;
    public ServiceCard Card { get; init; } = new();
    public VisitCharges? Charges { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];
}

public sealed record VisitOpened(string ComplaintNumber, IReadOnlyList<Staff> Technicians, DateTimeOffset ArrivalDueAt, OpenedStep Step) : IEventData;

public sealed record TechnicianAdded(Staff Technician) : IEventData;

/// <summary>A draft of the card saved (what changed is in the record; the event says which fields).</summary>
public sealed record ServiceCardSaved(IReadOnlyList<string> Fields, VisitStage Stage) : IEventData;

public sealed record VisitCompleted(bool EffectVerified, string CustomerRepresentative, string SignedCard, VisitCharges Charges) : IEventData;

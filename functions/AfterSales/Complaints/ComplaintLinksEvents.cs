using System.Text.Json.Serialization;
using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>
/// A return order (退换货单) opened from this complaint, as the complaint knows it: the Returns
/// module tells it through the change feed when the order opens and when it ends. Codes are
/// the Returns module's own (<c>exchange</c>, <c>replaced</c>, ...), kept as text so complaints
/// do not depend on that feature.
/// </summary>
public sealed record RelatedReturn(string Id, string Kind, bool Open, string? Outcome = null);

/// <summary>
/// A corrective and preventive action (纠正和预防措施) this complaint is linked to
/// (<see cref="Linked"/>), or one on the same part number that was open or recent when the
/// complaint came in, so whoever triages it sees that the problem is known.
/// </summary>
public sealed record RelatedCapa(string Id, string Title, string? PartNumber, bool Open, string? Outcome, bool Linked);

/// <summary>
/// A major problem's after-sales service report (售后服务报告), as the complaint knows it: filed by
/// the technical center, received by quality (the FieldService module tells it through the feed).
/// </summary>
public sealed record RelatedServiceReport(string Id, bool Received);

/// <summary>The records of other features that concern this complaint.</summary>
public sealed record RelatedRecords
{
    public IReadOnlyList<RelatedReturn> Returns { get; init; } = [];
    public IReadOnlyList<RelatedCapa> Capas { get; init; } = [];
    public RelatedServiceReport? ServiceReport { get; init; }

    [JsonIgnore]
    public RelatedReturn? OpenReturn => Returns.FirstOrDefault(r => r.Open);
}

/// <summary>System (the Returns module): a return order of this complaint opened or ended.</summary>
public sealed record NoteReturnOrder(RelatedReturn Return) : ComplaintCommand { public override string Action => "noteReturnOrder"; }

/// <summary>System (the CAPA module): a CAPA linked to this complaint, or found on its part number, as it now stands.</summary>
public sealed record NoteCapa(RelatedCapa Capa) : ComplaintCommand { public override string Action => "noteCapa"; }

/// <summary>System (the FieldService module): the complaint's service report filed or received by quality.</summary>
public sealed record NoteServiceReport(RelatedServiceReport Report) : ComplaintCommand { public override string Action => "noteServiceReport"; }

/// <summary>The after-sales service report was filed, or quality received it.</summary>
public sealed record ServiceReportNoted(string ServiceReport, bool Received) : IEventData;

/// <summary>Procurement opened a return order for this complaint; the complaint stays open until it ends.</summary>
public sealed record ReturnOrderOpened(string ReturnOrder, string Kind) : IEventData;

/// <summary>The return order ended: the replacement shipped, the refund paid, or it was cancelled.</summary>
public sealed record ReturnOrderEnded(string ReturnOrder, string? Outcome) : IEventData;

/// <summary>Quality linked this complaint to a CAPA (one of possibly many complaints of one problem).</summary>
public sealed record CapaLinked(string Capa, string Title) : IEventData;

/// <summary>A CAPA this complaint is linked to was closed, with its outcome (effective, made a standard, no action needed).</summary>
public sealed record CapaConcluded(string Capa, string? Outcome) : IEventData;

/// <summary>When the complaint came in, a CAPA on its part number was open or recently closed.</summary>
public sealed record SamePartCapaNoted(string Capa, string Title, string? PartNumber, bool Open, string? Outcome) : IEventData;

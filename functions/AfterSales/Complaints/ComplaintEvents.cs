using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>The complaint was taken (投诉受理): who owns it, how it came, what it may duplicate.</summary>
[EventType("Received")]
public sealed record ComplaintReceived(
    Staff FirstContactOwner,
    ComplaintState State,
    Channel Channel,
    WorkKind Kind,
    IReadOnlyList<string> PossibleDuplicates,
    string? FollowUpOf) : IEventData;

/// <summary>Filed with a department, usually marketing for the preliminary analysis.</summary>
public sealed record RoutedToDepartment(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The preliminary analysis (初步分析) chose the handling path.</summary>
public sealed record Triaged(HandlingPath Path, string Analysis, ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The path changed before work started; the event's reason says why.</summary>
public sealed record TriageRevised(HandlingPath FromPath, HandlingPath Path, string Analysis, ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>Management approved handling a major quality problem.</summary>
public sealed record ApprovalGranted(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>Management rejected the handling; the complaint goes back to triage.</summary>
public sealed record ApprovalRejected(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>A remote answer or a return started (the path can no longer be revised).</summary>
public sealed record WorkStarted(string Step, string StepKind) : IEventData;

/// <summary>Which promise an arrival is due by: 24 h in the home province, 48 h elsewhere, or a time agreed with the customer.</summary>
public enum ArrivalRule { InProvince, OutOfProvince, Agreed }

public sealed record TechnicianDispatched(string Step, Staff Technician, string? SiteProvince, ArrivalRule Rule, DateTimeOffset DueAt) : IEventData;

public sealed record ArrivedOnSite(string Step, DateTimeOffset ArrivalDueAt, bool OnTime, DateTimeOffset DueAt) : IEventData;

/// <summary>The work is done; the first-contact owner asks the customer to confirm (and a revisit is due after on-site work).</summary>
public sealed record Resolved(string Summary, ComplaintState State, string CompletedStep, OpenedStep Confirmation, OpenedStep? Revisit) : IEventData;

public sealed record Closed(ComplaintState State, bool CustomerSatisfied) : IEventData;

/// <summary>The customer is not satisfied: the path's work opens again.</summary>
public sealed record ResolutionRejected(ComplaintState State, bool CustomerSatisfied, OpenedStep Step) : IEventData;

public sealed record Reopened(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The revisit (回访) happened; what the customer said.</summary>
public sealed record RevisitRecorded(string Step, string Note) : IEventData;

/// <summary>Another complaint was linked (a confirmed duplicate, a follow-up).</summary>
public sealed record Linked(string Number) : IEventData;

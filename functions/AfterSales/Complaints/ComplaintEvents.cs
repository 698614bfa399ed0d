using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// The complaint was taken (投诉受理): who owns it, how it came, what it may duplicate, when the
/// customer called (<see cref="ReceivedAt"/>; the event's own time is when it was typed in) and
/// why it was typed in late, when it was.
/// </summary>
[EventType("Received")]
public sealed record ComplaintReceived(
    Staff FirstContactOwner,
    ComplaintState State,
    Channel Channel,
    WorkKind Kind,
    IReadOnlyList<string> PossibleDuplicates,
    string? FollowUpOf,
    DateTimeOffset? ReceivedAt = null,
    string? LateEntryReason = null) : IEventData;

/// <summary>An urgent event (紧急事件): goes at once to the marketing head and company leaders; its open steps are escalated.</summary>
public sealed record FlaggedUrgent(IReadOnlyList<string> EscalatedTo, IReadOnlyList<string> EscalatedSteps) : IEventData;

/// <summary>Filed with a department, usually marketing for the preliminary analysis.</summary>
public sealed record RoutedToDepartment(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The preliminary analysis (初步分析) chose the handling path.</summary>
public sealed record Triaged(HandlingPath Path, string Analysis, ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The path changed before work started; the event's reason says why.</summary>
public sealed record TriageRevised(HandlingPath FromPath, HandlingPath Path, string Analysis, ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>Management approved the repair of a major quality problem: the on-site work starts.</summary>
public sealed record ApprovalGranted(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The technician's findings on a major problem went to the leader; the repair waits for the decision.</summary>
public sealed record FindingsReported(string Step, string Findings, ComplaintState State, OpenedStep Approval) : IEventData;

/// <summary>
/// The customer's arrival promise was made (on entering an on-site path) or changed (at dispatch:
/// the site's province, or a time agreed with the customer). It counts from <see cref="From"/>, the call.
/// </summary>
public sealed record ArrivalPromised(string Step, DateTimeOffset From, DateTimeOffset DueAt, ArrivalRule Rule, string? Province) : IEventData;

/// <summary>The promise no longer applies: the path changed to one without a visit.</summary>
public sealed record ArrivalPromiseWithdrawn(string Step) : IEventData;

/// <summary>Management rejected the handling; the complaint goes back to triage.</summary>
public sealed record ApprovalRejected(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>A remote answer or a return started (the path can no longer be revised).</summary>
public sealed record WorkStarted(string Step, string StepKind) : IEventData;

/// <summary>Which promise an arrival is due by: 24 h in the home province, 48 h elsewhere, or a time agreed with the customer.</summary>
public enum ArrivalRule { InProvince, OutOfProvince, Agreed }

/// <summary>A technician is on the way: <see cref="DueAt"/> is the travel's own limit (24 h / 48 h from now, or the agreed time); the promise to the customer is in <see cref="PromiseDueAt"/>.</summary>
public sealed record TechnicianDispatched(string Step, Staff Technician, string? SiteProvince, ArrivalRule Rule, DateTimeOffset DueAt, DateTimeOffset? PromiseDueAt = null) : IEventData;

/// <summary>
/// The technician arrived. <see cref="OnTime"/>: within the travel's own limit (<see cref="ArrivalDueAt"/>,
/// "on time for the step"); <see cref="PromiseMet"/>: within the promise counted from the call
/// (<see cref="PromiseDueAt"/>, "on time for the customer"). <see cref="DueAt"/> is the next stage's due time.
/// </summary>
public sealed record ArrivedOnSite(string Step, DateTimeOffset ArrivalDueAt, bool OnTime, DateTimeOffset DueAt, DateTimeOffset? PromiseDueAt = null, bool? PromiseMet = null, DateTimeOffset? ArrivedAt = null) : IEventData;

/// <summary>The work is done; the first-contact owner asks the customer to confirm (and a revisit is due after on-site work). A major problem's service report goes to quality.</summary>
public sealed record Resolved(string Summary, ComplaintState State, string CompletedStep, OpenedStep Confirmation, OpenedStep? Revisit, string? ServiceReport = null) : IEventData;

public sealed record Closed(ComplaintState State, bool CustomerSatisfied) : IEventData;

/// <summary>The customer is not satisfied: the path's work opens again.</summary>
public sealed record ResolutionRejected(ComplaintState State, bool CustomerSatisfied, OpenedStep Step) : IEventData;

public sealed record Reopened(ComplaintState State, OpenedStep Step) : IEventData;

/// <summary>The revisit (回访) happened; what the customer said.</summary>
public sealed record RevisitRecorded(string Step, string Note) : IEventData;

/// <summary>Another complaint was linked (a confirmed duplicate, a follow-up).</summary>
public sealed record Linked(string Number) : IEventData;

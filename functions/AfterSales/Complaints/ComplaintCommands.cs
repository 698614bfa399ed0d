using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>Something a person (or the system) asks of a complaint. <see cref="Action"/> is its name in the API.</summary>
public abstract record ComplaintCommand
{
    public abstract string Action { get; }
}

/// <summary>System: file a new complaint with marketing for the preliminary analysis.</summary>
public sealed record FileForTriage : ComplaintCommand { public override string Action => "fileForTriage"; }

/// <summary>Record the preliminary analysis (初步分析) and choose the handling path; <paramref name="Urgent"/> flags an urgent event.</summary>
public sealed record RecordTriage(HandlingPath Path, string Analysis, bool Urgent = false, string? UrgentReason = null) : ComplaintCommand { public override string Action => "triage"; }

/// <summary>Change the path before work has started, saying why.</summary>
public sealed record ReviseTriage(HandlingPath Path, string Analysis, string Reason) : ComplaintCommand { public override string Action => "reviseTriage"; }

/// <summary>Management approves or rejects the repair of a major quality problem, on the technician's findings.</summary>
public sealed record DecideApproval(bool Approved, string? Reason) : ComplaintCommand { public override string Action => "decideApproval"; }

/// <summary>Start a remote answer or a return/exchange (after which the path can no longer be revised).</summary>
public sealed record StartWork(string? Note) : ComplaintCommand { public override string Action => "startWork"; }

/// <summary>
/// Send a technician. The customer's promise counts from the call: 24 h (home province) or 48 h
/// (elsewhere) after it, or an agreed time; the travel itself has 24 h / 48 h from now as its own limit.
/// </summary>
public sealed record DispatchTechnician(Staff Technician, string? SiteProvince, DateTimeOffset? AgreedArrivalBy) : ComplaintCommand { public override string Action => "dispatch"; }

/// <summary>
/// The technician is on site: the promise is kept or missed; the repair (or, for a major problem, the findings) clock starts.
/// <paramref name="At"/> is when they arrived, as typed on the visit's card (not before the dispatch, not in the future); now when absent.
/// </summary>
public sealed record RecordArrival(DateTimeOffset? At = null) : ComplaintCommand { public override string Action => "recordArrival"; }

/// <summary>Major problems: what the technician found on site, reported to the leader, who decides before any repair.</summary>
public sealed record RecordFindings(string Findings) : ComplaintCommand { public override string Action => "recordFindings"; }

/// <summary>The work is done: ask the customer to confirm. A major problem's after-sales service report goes to quality with it.</summary>
public sealed record Resolve(string Summary, string? ServiceReport = null) : ComplaintCommand { public override string Action => "resolve"; }

/// <summary>The customer's answer: satisfied closes the complaint, not satisfied sends the work back.</summary>
public sealed record ConfirmResolution(bool Satisfied, string? Note) : ComplaintCommand { public override string Action => "confirm"; }

/// <summary>Reopen a closed complaint within the grace period.</summary>
public sealed record Reopen(string Reason) : ComplaintCommand { public override string Action => "reopen"; }

/// <summary>The revisit (回访) happened.</summary>
public sealed record RecordRevisit(string Note) : ComplaintCommand { public override string Action => "recordRevisit"; }

/// <summary>Link another complaint (a confirmed duplicate, a follow-up).</summary>
public sealed record LinkComplaint(string Number, string? Note) : ComplaintCommand { public override string Action => "link"; }

/// <summary>Transfer, assign, pause or resume one of the complaint's steps (the work-item rules).</summary>
public sealed record StepAction(StepCommand Step) : ComplaintCommand { public override string Action => Step.Action; }

/// <summary>System: escalate overdue steps, each level once.</summary>
public sealed record EscalateOverdue : ComplaintCommand { public override string Action => "escalate"; }

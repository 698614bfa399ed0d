using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// A complaint as the API shows it: its facts, its steps, its version and what the caller can do
/// next, each action with the request that does it (<see cref="ActionLink"/>).
/// </summary>
public sealed record ComplaintView(
    string Number,
    WorkKind Kind,
    Channel Channel,
    CustomerFacts Customer,
    ComplaintDetails Details,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? RecordedAt,
    string? LateEntryReason,
    Staff FirstContactOwner,
    Staff? RecordedBy,
    bool Urgent,
    string? UrgentReason,
    ComplaintState State,
    HandlingPath? Path,
    Triage? Triage,
    ArrivalPromise? ArrivalPromise,
    SiteFindings? Findings,
    ApprovalDecision? Approval,
    Staff? Technician,
    string? Resolution,
    string? ServiceReport,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int ReopenCount,
    IReadOnlyList<WorkItem> Steps,
    IReadOnlyList<string> OverdueSteps,
    IReadOnlyList<string> PossibleDuplicates,
    IReadOnlyList<string> Links,
    string? FollowUpOf,
    RelatedRecords Related,
    int Version,
    IReadOnlyList<ActionLink> AllowedActions)
{
    /// <summary>The view for <paramref name="user"/>: only the actions they may take (all the state allows when null).</summary>
    public static ComplaintView Of(Stored<Complaint> stored, DateTimeOffset now, ServiceRules rules, ClaimsPrincipal? user = null)
    {
        var c = stored.Record;
        var allowed = ComplaintLifecycle.AllowedActions(c, now, rules).Where(a => user is null || ComplaintAccess.MayDo(user, c, a));
        return new ComplaintView(
            c.Number, c.Kind, c.Channel, c.Customer, c.Details, c.ReceivedAt, c.RecordedAt, c.LateEntryReason, c.FirstContactOwner, c.RecordedBy,
            c.Urgent, c.UrgentReason, c.State, c.Path, c.Triage, c.ArrivalPromise, c.Findings, c.Approval,
            c.Technician, c.Resolution, c.ServiceReport, c.ResolvedAt, c.ClosedAt, c.ReopenCount, c.Steps,
            [.. c.Steps.Where(s => s.IsOverdue(now)).Select(s => s.Id)],
            c.PossibleDuplicates, c.Links, c.FollowUpOf, c.Related, stored.Version,
            ComplaintActions.Links(c.Number, allowed));
    }
}

using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>A complaint as the API shows it: its facts, its steps, its version and what can be done next.</summary>
public sealed record ComplaintView(
    string Number,
    WorkKind Kind,
    Channel Channel,
    CustomerFacts Customer,
    ComplaintDetails Details,
    DateTimeOffset ReceivedAt,
    Staff FirstContactOwner,
    Staff? RecordedBy,
    ComplaintState State,
    HandlingPath? Path,
    Triage? Triage,
    ApprovalDecision? Approval,
    Staff? Technician,
    string? Resolution,
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
    IReadOnlyList<string> AllowedActions)
{
    public static ComplaintView Of(Stored<Complaint> stored, DateTimeOffset now, ServiceRules rules)
    {
        var c = stored.Record;
        return new ComplaintView(
            c.Number, c.Kind, c.Channel, c.Customer, c.Details, c.ReceivedAt, c.FirstContactOwner, c.RecordedBy, c.State, c.Path, c.Triage, c.Approval,
            c.Technician, c.Resolution, c.ResolvedAt, c.ClosedAt, c.ReopenCount, c.Steps,
            [.. c.Steps.Where(s => s.IsOverdue(now)).Select(s => s.Id)],
            c.PossibleDuplicates, c.Links, c.FollowUpOf, c.Related, stored.Version,
            ComplaintLifecycle.AllowedActions(c, now, rules));
    }
}

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>From filing to resolution: triage, approval, the remote or on-site work.</summary>
public static partial class ComplaintLifecycle
{
    private static Change<Complaint> Route(Context x)
    {
        x.RequireState(ComplaintState.Received);
        var step = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(x.C with { State = ComplaintState.AwaitingTriage, Steps = [.. x.C.Steps, step] },
            new RoutedToDepartment(ComplaintState.AwaitingTriage, OpenedStep.Of(step)));
    }

    private static Change<Complaint> RecordTriage(Context x, RecordTriage t)
    {
        x.RequireState(ComplaintState.AwaitingTriage);
        Require(!string.IsNullOrWhiteSpace(t.Analysis), "analysis", "Record the preliminary analysis that supports the path.");
        var triaged = x.Close(x.C.Steps.Single(s => s.IsOpen && s.Is(StepKind.Triage)), StepOutcome.Done);
        var (state, next) = PathWork(x, t.Path);
        var changed = triaged with
        {
            State = state,
            Triage = new Triage(t.Path, t.Analysis.Trim(), x.By, x.Now),
            Approval = null,
            Steps = [.. triaged.Steps, next],
        };
        return x.Done(changed, new Triaged(t.Path, t.Analysis.Trim(), state, OpenedStep.Of(next)));
    }

    private static Change<Complaint> ReviseTriage(Context x, ReviseTriage r)
    {
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(r.Reason), "reason", "Say why the path changes.");
        Require(!string.IsNullOrWhiteSpace(r.Analysis), "analysis", "Record the analysis that supports the new path.");
        Require(r.Path != x.C.Path, "path", $"The complaint is already on the {Codes.Of(r.Path)} path.");
        var cancelled = x.Close(WorkStep(x.C)!, StepOutcome.Cancelled);
        var (state, next) = PathWork(x, r.Path);
        var changed = cancelled with
        {
            State = state,
            Triage = new Triage(r.Path, r.Analysis.Trim(), x.By, x.Now),
            Approval = null,
            Steps = [.. cancelled.Steps, next],
        };
        return x.Done(changed, new TriageRevised(x.C.Path!.Value, r.Path, r.Analysis.Trim(), state, OpenedStep.Of(next)), r.Reason);
    }

    private static Change<Complaint> DecideApproval(Context x, DecideApproval d)
    {
        x.RequireState(ComplaintState.AwaitingApproval);
        Require(d.Approved || !string.IsNullOrWhiteSpace(d.Reason), "reason", "Say why handling is rejected.");
        var decided = x.Close(WorkStep(x.C)!, StepOutcome.Done);
        var decision = new ApprovalDecision(d.Approved, d.Reason?.Trim(), x.By, x.Now);
        if (d.Approved)
        {
            var onSite = OnSite(x);
            return x.Done(decided with { State = ComplaintState.InProgress, Approval = decision, Steps = [.. decided.Steps, onSite] },
                new ApprovalGranted(ComplaintState.InProgress, OpenedStep.Of(onSite)), d.Reason);
        }
        var triage = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(decided with { State = ComplaintState.AwaitingTriage, Approval = decision, Triage = null, Steps = [.. decided.Steps, triage] },
            new ApprovalRejected(ComplaintState.AwaitingTriage, OpenedStep.Of(triage)), d.Reason);
    }

    private static Change<Complaint> StartWork(Context x, StartWork s)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        return x.Done(x.Replace(work with { StartedAt = x.Now, Assignee = work.Assignee ?? x.By }), new WorkStarted(work.Id, work.Kind), s.Note);
    }

    private static Change<Complaint> Dispatch(Context x, DispatchTechnician d)
    {
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(d.Technician?.Id) && !string.IsNullOrWhiteSpace(d.Technician?.Name), "technician", "Name the technician sent (id and name).");
        var province = string.IsNullOrWhiteSpace(d.SiteProvince) ? x.C.Customer.Province : d.SiteProvince.Trim();
        Require(d.AgreedArrivalBy is not null || !string.IsNullOrWhiteSpace(province), "siteProvince",
            "The customer has no province on record: give the site's province (24 h in the home province, 48 h elsewhere) or an agreed arrival time.");
        Require(d.AgreedArrivalBy is null || d.AgreedArrivalBy > x.Now, "agreedArrivalBy", "An agreed arrival time must lie in the future.");
        var inProvince = x.Rules.IsHomeProvince(province);
        var due = d.AgreedArrivalBy ?? x.Now + (inProvince ? x.Rules.ArrivalInProvince : x.Rules.ArrivalOutOfProvince);
        var rule = d.AgreedArrivalBy is not null ? ArrivalRule.Agreed : inProvince ? ArrivalRule.InProvince : ArrivalRule.OutOfProvince;
        var work = WorkStep(x.C)!;
        var dispatched = work.InPhase(OnSitePhase.Arrival) with { StartedAt = x.Now, DueAt = due, Assignee = d.Technician };
        return x.Done(x.Replace(dispatched) with { Technician = d.Technician }, new TechnicianDispatched(work.Id, d.Technician!, province, rule, due));
    }

    private static Change<Complaint> Arrive(Context x)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        var limit = x.C.Kind == WorkKind.Installation ? x.Rules.CommissioningLimit : x.Rules.RepairLimit;
        var arrived = work.InPhase(OnSitePhase.Service) with { DueAt = x.Now + limit, Escalation = EscalationLevel.None };
        return x.Done(x.Replace(arrived), new ArrivedOnSite(work.Id, work.DueAt, x.Now <= work.DueAt, arrived.DueAt));
    }

    private static Change<Complaint> Resolve(Context x, Resolve r)
    {
        RequireNoOpenReturn(x);
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(r.Summary), "summary", "Describe what was done (the solution given or the work on site).");
        var work = WorkStep(x.C)!;
        var done = x.Close(work with { StartedAt = work.StartedAt ?? x.Now }, StepOutcome.Done);
        // The first-contact owner asks the customer: they own the complaint until the customer is satisfied.
        var confirm = x.Open(StepKind.CustomerConfirmation, Department.Marketing, x.Rules.ConfirmationLimit) with { Assignee = x.C.FirstContactOwner };
        var steps = done.Steps.Append(confirm).ToList();
        WorkItem? revisit = null;
        if (x.C.Path is HandlingPath.GeneralOnSite or HandlingPath.MajorOnSite)
        {
            revisit = x.Open(StepKind.Revisit, Department.Marketing, x.Rules.RevisitAfter, offset: 1);
            steps.Add(revisit);
        }
        return x.Done(done with { State = ComplaintState.Resolved, Resolution = r.Summary.Trim(), ResolvedAt = x.Now, Steps = steps },
            new Resolved(r.Summary.Trim(), ComplaintState.Resolved, work.Id, OpenedStep.Of(confirm), revisit is null ? null : OpenedStep.Of(revisit)));
    }
}

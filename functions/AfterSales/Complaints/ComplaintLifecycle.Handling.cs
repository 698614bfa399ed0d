using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>From filing to resolution: triage, the path's work, urgency.</summary>
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
        Require(!TextLimits.IsBlank(t.Analysis), "analysis", "Record the preliminary analysis that supports the path.");
        var triaged = x.Close(x.C.Steps.Single(s => s.IsOpen && s.Is(StepKind.Triage)), StepOutcome.Done);
        var (entered, next, promised) = EnterPath(x, triaged, t.Path);
        var (flagged, urgent) = FlagUrgent(entered, t.Urgent, t.UrgentReason);
        var changed = flagged with { Triage = new Triage(t.Path, t.Analysis.Trim(), x.By, x.Now), Approval = null };
        return x.Done(changed, new Triaged(t.Path, t.Analysis.Trim(), changed.State, OpenedStep.Of(next)), null, promised, urgent);
    }

    private static Change<Complaint> ReviseTriage(Context x, ReviseTriage r)
    {
        x.RequireAllowed();
        Require(!TextLimits.IsBlank(r.Reason), "reason", "Say why the path changes.");
        Require(!TextLimits.IsBlank(r.Analysis), "analysis", "Record the analysis that supports the new path.");
        Require(r.Path != x.C.Path, "path", $"The complaint is already on the {Codes.Of(r.Path)} path.");
        var cancelled = x.Close(WorkStep(x.C)!, StepOutcome.Cancelled);
        var (entered, next, promised) = EnterPath(x, cancelled, r.Path);
        var changed = entered with { Triage = new Triage(r.Path, r.Analysis.Trim(), x.By, x.Now), Approval = null };
        return x.Done(changed, new TriageRevised(x.C.Path!.Value, r.Path, r.Analysis.Trim(), changed.State, OpenedStep.Of(next)), r.Reason, promised);
    }

    /// <summary>
    /// The state and first step a path leads to. On-site paths (general and major alike: the visit
    /// comes first, a major problem's approval after the findings) make the customer's arrival
    /// promise if this round has none; other paths withdraw a promise not yet kept.
    /// </summary>
    private static (Complaint Changed, WorkItem Step, IEventData? Promise) EnterPath(Context x, Complaint c, HandlingPath path, DateTimeOffset? freshPromiseFrom = null)
    {
        var step = path switch
        {
            HandlingPath.NotQualityProblem => x.Open(StepKind.RemoteSolution, Department.Marketing, x.Rules.RemoteSolutionLimit),
            HandlingPath.QualityRemote => x.Open(StepKind.RemoteSolution, Department.Quality, x.Rules.RemoteSolutionLimit),
            HandlingPath.GeneralOnSite or HandlingPath.MajorOnSite => x.Open(StepKind.OnSiteService, Department.Technical, x.Rules.DispatchLimit).InPhase(OnSitePhase.Dispatch),
            HandlingPath.ReturnExchange => x.Open(StepKind.ReturnExchange, Department.Procurement, x.Rules.ReturnLimit),
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };
        var changed = c with { State = ComplaintState.InProgress, Steps = [.. c.Steps, step] };
        if (path is HandlingPath.GeneralOnSite or HandlingPath.MajorOnSite)
        {
            return changed.ArrivalPromise is null || freshPromiseFrom is not null
                ? Promise(x, changed, step, freshPromiseFrom ?? c.ReopenedAt ?? c.ReceivedAt)
                : (changed, step, null);
        }
        if (OpenPromiseStep(changed) is { } open)
        {
            var withdrawn = WorkItemRules.Replace(changed.Steps, x.Closed(open, StepOutcome.Cancelled));
            return (changed with { Steps = withdrawn, ArrivalPromise = null }, step, new ArrivalPromiseWithdrawn(open.Id));
        }
        return (changed, step, null);
    }

    /// <summary>An urgent event escalates every open step to management at once, and the complaint stays marked.</summary>
    private static (Complaint Changed, FlaggedUrgent? Event) FlagUrgent(Complaint c, bool urgent, string? reason)
    {
        if (!urgent || c.Urgent)
        {
            return (c, null);
        }
        var raised = c.OpenSteps.Where(s => s.Escalation < EscalationLevel.Management).Select(s => s.Id).ToList();
        var steps = c.Steps.Select(s => raised.Contains(s.Id) ? s with { Escalation = EscalationLevel.Management } : s);
        return (c with { Urgent = true, UrgentReason = TextLimits.IsBlank(reason) ? null : reason!.Trim(), Steps = [.. steps] },
            new FlaggedUrgent(UrgentEscalation, raised));
    }

    /// <summary>Where urgent events go (紧急事件: the marketing head and company leaders).</summary>
    public static readonly IReadOnlyList<string> UrgentEscalation = [$"{Department.Marketing.Code()}/supervisor", Department.Management.Code()];

    private static Change<Complaint> StartWork(Context x, StartWork s)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        return x.Done(x.Replace(work with { StartedAt = x.Now, Assignee = work.Assignee ?? x.By }), new WorkStarted(work.Id, work.Kind), s.Note);
    }

    private static Change<Complaint> Resolve(Context x, Resolve r)
    {
        RequireNoOpenReturn(x);
        x.RequireAllowed();
        Require(!TextLimits.IsBlank(r.Summary), "summary", "Describe what was done (the solution given or the work on site).");
        var major = x.C.Path == HandlingPath.MajorOnSite;
        Require(!major || !TextLimits.IsBlank(r.ServiceReport), "serviceReport",
            "A major quality problem needs its after-sales service report (售后服务报告) for quality.");
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
        var report = major ? r.ServiceReport!.Trim() : null;
        return x.Done(done with { State = ComplaintState.Resolved, Resolution = r.Summary.Trim(), ResolvedAt = x.Now, ServiceReport = report ?? done.ServiceReport, Steps = steps },
            new Resolved(r.Summary.Trim(), ComplaintState.Resolved, work.Id, OpenedStep.Of(confirm), revisit is null ? null : OpenedStep.Of(revisit), report));
    }
}

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>Closing the loop (confirmation, reopening, revisits, links) and the work-item rules on the complaint's steps.</summary>
public static partial class ComplaintLifecycle
{
    private static Change<Complaint> Confirm(Context x, ConfirmResolution r)
    {
        x.RequireState(ComplaintState.Resolved);
        Require(r.Satisfied || !string.IsNullOrWhiteSpace(r.Note), "note", "Record what the customer is not satisfied with.");
        if (r.Satisfied)
        {
            RequireNoOpenReturn(x);
        }
        var confirmed = x.Close(x.C.OpenSteps.Single(s => s.Is(StepKind.CustomerConfirmation)), StepOutcome.Done);
        if (r.Satisfied)
        {
            return x.Done(confirmed with { State = ComplaintState.Closed, ClosedAt = x.Now }, new Closed(ComplaintState.Closed, CustomerSatisfied: true), r.Note);
        }
        var withoutRevisit = CancelRevisits(x, confirmed);
        var (_, work) = PathWork(x, x.C.Path!.Value, afterApproval: true);
        return x.Done(withoutRevisit with { State = ComplaintState.InProgress, Resolution = null, ResolvedAt = null, Steps = [.. withoutRevisit.Steps, work] },
            new ResolutionRejected(ComplaintState.InProgress, CustomerSatisfied: false, OpenedStep.Of(work)), r.Note);
    }

    private static Change<Complaint> Reopen(Context x, Reopen r)
    {
        if (x.C.State == ComplaintState.Closed && x.Now - x.C.ClosedAt!.Value > x.Rules.ReopenGrace)
        {
            throw x.Invalid($"{x.C.Number} was closed more than {x.Rules.ReopenGrace.TotalDays:0} days ago and can no longer be reopened; create a follow-up complaint linked to it.");
        }
        x.RequireState(ComplaintState.Closed);
        Require(!string.IsNullOrWhiteSpace(r.Reason), "reason", "Say why the complaint is reopened.");
        var cleared = CancelRevisits(x, x.C);
        var triage = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(cleared with
        {
            State = ComplaintState.AwaitingTriage,
            Triage = null,
            Approval = null,
            Technician = null,
            Resolution = null,
            ResolvedAt = null,
            ClosedAt = null,
            ReopenCount = x.C.ReopenCount + 1,
            Steps = [.. cleared.Steps, triage],
        }, new Reopened(ComplaintState.AwaitingTriage, OpenedStep.Of(triage)), r.Reason);
    }

    private static Change<Complaint> RecordRevisit(Context x, RecordRevisit r)
    {
        var revisit = x.C.OpenSteps.FirstOrDefault(s => s.Is(StepKind.Revisit)) ?? throw x.Invalid("There is no revisit due.");
        Require(!string.IsNullOrWhiteSpace(r.Note), "note", "Record what the customer said.");
        return x.Done(x.Close(revisit, StepOutcome.Done), new RevisitRecorded(revisit.Id, r.Note.Trim()));
    }

    private static Change<Complaint> Link(Context x, LinkComplaint l)
    {
        Require(ComplaintNumber.IsValid(l.Number), "number", "Give a complaint number such as KS-202611-0042.");
        Require(l.Number != x.C.Number, "number", "A complaint cannot be linked to itself.");
        if (x.C.Links.Contains(l.Number))
        {
            return new(x.C, []);
        }
        return x.Done(x.C with { Links = [.. x.C.Links, l.Number] }, new Linked(l.Number), l.Note);
    }

    private static Change<Complaint> Step(Context x, StepAction s)
    {
        var (steps, events) = WorkItemRules.Execute(x.C.Steps, s.Step, x.By, x.Now, x.Invalid);
        return new(x.C with { Steps = steps }, events);
    }

    private static Change<Complaint> Escalate(Context x)
    {
        var (steps, events) = WorkItemRules.Escalate(x.C.Steps, x.Now, x.Rules.EscalateToManagementAfter);
        return new(x.C with { Steps = steps }, events);
    }
}

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>Closing the loop (confirmation, reopening, revisits, links) and the work-item rules on the complaint's steps.</summary>
public static partial class ComplaintLifecycle
{
    private static Change<Complaint> Confirm(Context x, ConfirmResolution r)
    {
        x.RequireState(ComplaintState.Resolved);
        Require(r.Satisfied || !TextLimits.IsBlank(r.Note), "note", "Record what the customer is not satisfied with.");
        if (r.Satisfied)
        {
            RequireNoOpenReturn(x);
            RequireServiceReportReceived(x);
        }
        var confirmed = x.Close(x.C.OpenSteps.Single(s => s.Is(StepKind.CustomerConfirmation)), StepOutcome.Done);
        if (r.Satisfied)
        {
            return x.Done(confirmed with { State = ComplaintState.Closed, ClosedAt = x.Now }, new Closed(ComplaintState.Closed, CustomerSatisfied: true), r.Note);
        }
        var withoutRevisit = CancelRevisits(x, confirmed);
        // The customer's "not fixed" is a new notice: an on-site path promises a visit again, counted from now.
        var (entered, work, promised) = EnterPath(x, withoutRevisit, x.C.Path!.Value, freshPromiseFrom: x.Now);
        return x.Done(entered with { Resolution = null, ResolvedAt = null },
            new ResolutionRejected(ComplaintState.InProgress, CustomerSatisfied: false, OpenedStep.Of(work)), r.Note, promised);
    }

    private static Change<Complaint> Reopen(Context x, Reopen r)
    {
        if (x.C.State == ComplaintState.Closed && x.Now - x.C.ClosedAt!.Value > x.Rules.ReopenGrace)
        {
            throw x.Invalid($"{x.C.Number} was closed more than {x.Rules.ReopenGrace.TotalDays:0} days ago and can no longer be reopened; create a follow-up complaint linked to it.");
        }
        x.RequireState(ComplaintState.Closed);
        Require(!TextLimits.IsBlank(r.Reason), "reason", "Say why the complaint is reopened.");
        var cleared = CancelRevisits(x, x.C);
        var triage = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(cleared with
        {
            State = ComplaintState.AwaitingTriage,
            Triage = null,
            Approval = null,
            Technician = null,
            ArrivalPromise = null,
            Findings = null,
            Resolution = null,
            ServiceReport = null,
            ResolvedAt = null,
            ClosedAt = null,
            ReopenCount = x.C.ReopenCount + 1,
            ReopenedAt = x.Now,
            Steps = [.. cleared.Steps, triage],
        }, new Reopened(ComplaintState.AwaitingTriage, OpenedStep.Of(triage)), r.Reason);
    }

    private static Change<Complaint> RecordRevisit(Context x, RecordRevisit r)
    {
        var revisit = x.C.OpenSteps.FirstOrDefault(s => s.Is(StepKind.Revisit)) ?? throw x.Invalid("There is no revisit due.");
        Require(!TextLimits.IsBlank(r.Note), "note", "Record what the customer said.");
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

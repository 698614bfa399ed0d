using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Capa;

public static partial class CapaRules
{
    /// <summary>How far ahead a measure's deadline may lie.</summary>
    public static readonly TimeSpan LongestDeadline = TimeSpan.FromDays(730);

    public static Change<CorrectiveAction> Execute(CorrectiveAction c, CapaCommand command, Staff by, DateTimeOffset now, CapaLimits limits)
    {
        if (!AllowedActions(c).Contains(command.Action))
        {
            throw Refusal(c, command.Action, $"'{command.Action}' is not possible while {c.Id} is {Codes.Of(c.Stage)}.");
        }
        var errors = new ErrorList();
        var x = new Ctx(c, by, now, limits);
        var change = command switch
        {
            NotifyDepartment n => Notify(x, n, errors),
            RecordCause r => Analyse(x, r, errors),
            SubmitPlan p => Plan(x, p, errors),
            ReviewPlan r => Decide(x, CapaStage.Review, r.Approved, r.Reason, errors),
            ApprovePlan a => Decide(x, CapaStage.Approval, a.Approved, a.Reason, errors),
            CompleteMeasure m => Complete(x, m, errors),
            VerifyEffect v => Verify(x, v, errors),
            CloseCapa k => Close(x, k, errors),
            LinkComplaints l => Link(x, l, errors),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };
        errors.ThrowIfAny();
        return change!;
    }

    private static Change<CorrectiveAction>? Notify(Ctx x, NotifyDepartment n, ErrorList errors)
    {
        errors.AddIf(n.Department is not { } d || !Enum.IsDefined(d) || d == Department.Management, "department",
            "Name the responsible department: marketing, quality, technical or procurement.");
        errors.AddIf(n.Contact is { } s && (string.IsNullOrWhiteSpace(s.Id) || string.IsNullOrWhiteSpace(s.Name)), "contact", "A contact has an id and a name.");
        TextLimits.Check(errors, "contact.name", n.Contact?.Name, TextLimits.Name);
        TextLimits.Check(errors, "note", n.Note, TextLimits.Text);
        if (errors.Count > 0)
        {
            return null;
        }
        var dept = n.Department!.Value;
        var (stage, kind, limit) = x.C.Decisions.CauseAnalysis.Needed
            ? (CapaStage.CauseAnalysis, CapaStep.CauseAnalysis, x.Limits.CauseAnalysis) : (CapaStage.Planning, CapaStep.Planning, x.Limits.Planning);
        var (capa, next) = x.Next(x.C with { ResponsibleDepartment = dept, ResponsibleContact = n.Contact }, stage, kind, dept, limit, n.Contact);
        return x.Done(capa, new DepartmentNotified(dept, n.Contact, stage, next), n.Note);
    }

    private static Change<CorrectiveAction>? Analyse(Ctx x, RecordCause r, ErrorList errors)
    {
        Text(errors, "rootCause", r.RootCause, TextLimits.Text, "Record the root cause.");
        errors.AddIf(r.Category is not { } k || !Enum.IsDefined(k), "category", $"Give the cause's category: {Codes.List<CauseCategory>()}.");
        TextLimits.Check(errors, "analysis", r.Analysis, TextLimits.Text);
        var evidence = EvidenceOf(r.Evidence, "evidence", errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var cause = new CauseFinding(r.RootCause!.Trim(), r.Category!.Value, string.IsNullOrWhiteSpace(r.Analysis) ? null : r.Analysis.Trim(), evidence, x.By, x.Now);
        var (capa, next) = x.Next(x.C with { Cause = cause }, CapaStage.Planning, CapaStep.Planning, x.Dept, x.Limits.Planning, x.C.ResponsibleContact);
        return x.Done(capa, new CauseAnalysed(cause.RootCause, cause.Category, evidence, capa.Stage, next));
    }

    private static Change<CorrectiveAction>? Plan(Ctx x, SubmitPlan p, ErrorList errors)
    {
        TextLimits.Check(errors, "note", p.Note, TextLimits.Text);
        var given = p.Measures ?? [];
        errors.AddIf(given.Count is 0 or > MaxMeasures, "measures", $"Plan 1 to {MaxMeasures} measures, each with an owner and a deadline.");
        var revision = x.C.PlanRevision + 1;
        var measures = new List<Measure>();
        foreach (var (m, i) in given.Take(MaxMeasures).Select((m, i) => (m, i)))
        {
            var at = $"measures[{i}]";
            if (m is null)
            {
                errors.Add(at, "Describe the measure: kind, description, owner, department and deadline.");
                continue;
            }
            errors.AddIf(m.Kind is not { } k || !Enum.IsDefined(k), $"{at}.kind", $"Say what kind of measure: {Codes.List<MeasureKind>()}.");
            Text(errors, $"{at}.description", m.Description, TextLimits.Text, "Describe the measure.");
            errors.AddIf(string.IsNullOrWhiteSpace(m.Owner?.Id) || string.IsNullOrWhiteSpace(m.Owner?.Name), $"{at}.owner", "Name the measure's owner (id and name).");
            TextLimits.Check(errors, $"{at}.owner.name", m.Owner?.Name, TextLimits.Name);
            errors.AddIf(m.Department is { } d && !Enum.IsDefined(d), $"{at}.department", $"'{m.Department}' is not a department: {Departments.All}.");
            errors.AddIf(m.Deadline is not { } due || due <= x.Now || due > x.Now + LongestDeadline, $"{at}.deadline",
                $"Give the deadline: after now and within {LongestDeadline.TotalDays:0} days.");
            if (errors.Count == 0)
            {
                measures.Add(new Measure($"m{x.C.Measures.Count + i + 1}", m.Kind!.Value, m.Description!.Trim(), m.Owner!, m.Department ?? x.Dept, m.Deadline!.Value)
                {
                    PlanRevision = revision,
                });
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var superseded = x.C.Measures.Select(m => m.State == MeasureState.Planned ? m with { State = MeasureState.Superseded } : m);
        var (capa, next) = x.Next(x.C with { PlanRevision = revision, Measures = [.. superseded, .. measures] }, CapaStage.Review, CapaStep.Review, x.Dept, x.Limits.Review);
        return x.Done(capa, new PlanSubmitted(revision, measures, capa.Stage, next), p.Note);
    }

    private static Change<CorrectiveAction>? Decide(Ctx x, CapaStage level, bool? approved, string? reason, ErrorList errors)
    {
        errors.AddIf(approved is null, "approved", "Say whether the plan is approved (true or false).");
        errors.AddIf(approved == false && string.IsNullOrWhiteSpace(reason), "reason", "Say why the plan goes back.");
        TextLimits.Check(errors, "reason", reason, TextLimits.Text);
        if (errors.Count > 0)
        {
            return null;
        }
        var decided = x.C with { PlanDecisions = [.. x.C.PlanDecisions, new(level, x.C.PlanRevision, approved!.Value, reason?.Trim(), x.By, x.Now)] };
        if (!approved.Value)
        {
            var (back, redraft) = x.Next(decided, CapaStage.Planning, CapaStep.Planning, x.Dept, x.Limits.Planning, x.C.ResponsibleContact);
            return x.Done(back, level == CapaStage.Review ? new PlanReviewed(x.C.PlanRevision, false, back.Stage, redraft)
                : new PlanApproved(x.C.PlanRevision, false, back.Stage, [redraft]), reason);
        }
        if (level == CapaStage.Review)
        {
            var (capa, next) = x.Next(decided, CapaStage.Approval, CapaStep.Approval, Department.Management, x.Limits.Approval);
            return x.Done(capa, new PlanReviewed(x.C.PlanRevision, true, capa.Stage, next), reason);
        }
        // Approved: every measure starts, each a work item of its department due at its own deadline.
        var started = decided.Measures.Select(m => m.State == MeasureState.Planned ? m with { State = MeasureState.Underway } : m).ToList();
        var items = started.Where(m => m.State == MeasureState.Underway)
            .Select(m => new WorkItem(m.Id, Codes.Of(CapaStep.Measure), m.Department, x.Now, m.Deadline) { Assignee = m.Owner, Stage = Codes.Of(m.Kind) }).ToList();
        var approvedCapa = x.CloseOpen(decided) with { Stage = CapaStage.Execution, Measures = started };
        approvedCapa = approvedCapa with { Steps = [.. approvedCapa.Steps, .. items] };
        return x.Done(approvedCapa, new PlanApproved(x.C.PlanRevision, true, CapaStage.Execution, [.. items.Select(OpenedStep.Of)]), reason);
    }

    private static Change<CorrectiveAction>? Complete(Ctx x, CompleteMeasure m, ErrorList errors)
    {
        var measure = x.C.Plan.FirstOrDefault(p => p.Id == m.MeasureId)
            ?? throw new NotFoundException($"{x.C.Id} has no measure '{m.MeasureId}' in its plan; measures: {string.Join(", ", x.C.Plan.Select(p => p.Id))}.");
        if (measure.State != MeasureState.Underway)
        {
            throw Refusal(x.C, m.Action, $"Measure {measure.Id} is {Codes.Of(measure.State)}.");
        }
        Text(errors, "result", m.Result, TextLimits.Text, "Record what was done.");
        var evidence = EvidenceOf(m.Evidence, "evidence", errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var done = measure with { State = MeasureState.Done, Result = m.Result!.Trim(), Evidence = evidence, CompletedBy = x.By, CompletedAt = x.Now };
        var item = x.C.Steps.Single(s => s.Id == measure.Id);
        var capa = x.C with
        {
            Measures = [.. x.C.Measures.Select(p => p.Id == done.Id ? done : p)],
            Steps = WorkItemRules.Replace(x.C.Steps, WorkItemRules.Close(item, StepOutcome.Done, x.Now)),
        };
        OpenedStep? next = null;
        if (capa.Plan.All(p => p.State == MeasureState.Done))
        {
            (capa, next) = x.C.Decisions.EffectConfirmation.Needed
                ? x.Next(capa, CapaStage.Verification, CapaStep.Verification, Department.Quality, x.Limits.Verification)
                : x.Next(capa, CapaStage.Closure, CapaStep.Closure, Department.Quality, x.Limits.Closure);
        }
        return x.Done(capa, new MeasureCompleted(done.Id, done.Result, evidence, capa.Stage, next));
    }

    private static Change<CorrectiveAction>? Verify(Ctx x, VerifyEffect v, ErrorList errors)
    {
        errors.AddIf(v.Effective is null, "effective", "Say whether the measures were effective (true or false).");
        Text(errors, "note", v.Note, TextLimits.Text, "Record how the effect was verified.");
        var evidence = EvidenceOf(v.Evidence, "evidence", errors);
        errors.AddIf(evidence.Count == 0 && errors.Count == 0, "evidence", "Verification needs evidence: at least one reference (attachment id, report, inspection record).");
        if (errors.Count > 0)
        {
            return null;
        }
        var verified = x.C with { Verifications = [.. x.C.Verifications, new(v.Effective!.Value, v.Note!.Trim(), evidence, x.By, x.Now)] };
        // Not effective: the cause was not removed; the loop starts again at the cause.
        var (capa, next) = v.Effective.Value
            ? x.Next(verified, CapaStage.Closure, CapaStep.Closure, Department.Quality, x.Limits.Closure)
            : x.Next(verified, CapaStage.CauseAnalysis, CapaStep.CauseAnalysis, x.Dept, x.Limits.CauseAnalysis, x.C.ResponsibleContact);
        return x.Done(capa, new EffectVerified(v.Effective.Value, evidence, capa.Stage, next), v.Note);
    }

    private static Change<CorrectiveAction>? Close(Ctx x, CloseCapa k, ErrorList errors)
    {
        var standardised = k.Standardised ?? false;
        var documents = k.Documents ?? [];
        errors.AddIf(standardised && documents.Count == 0, "documents", $"Name the documents changed: {Codes.List<StandardDocument>()}, each with its reference.");
        errors.AddIf(!standardised && documents.Count > 0, "standardised", "Documents are named when the CAPA is made a standard (standardised: true).");
        errors.AddIf(documents.Count > MaxEvidence, "documents", $"At most {MaxEvidence} documents.");
        foreach (var (d, i) in documents.Take(MaxEvidence).Select((d, i) => (d, i)))
        {
            errors.AddIf(d is null || !Enum.IsDefined(d.Kind), $"documents[{i}].kind", $"The document is one of {Codes.List<StandardDocument>()}.");
            Text(errors, $"documents[{i}].reference", d?.Reference, TextLimits.Name, "Give the document's number and revision.");
        }
        TextLimits.Check(errors, "note", k.Note, TextLimits.Text);
        if (errors.Count > 0)
        {
            return null;
        }
        var outcome = standardised ? CapaOutcome.Standardised : CapaOutcome.Closed;
        var changed = documents.Select(d => new ChangedDocument(d.Kind, d.Reference.Trim())).ToList();
        var capa = x.CloseOpen(x.C) with
        {
            Stage = CapaStage.Closed, Outcome = outcome, Documents = changed, ClosingNote = string.IsNullOrWhiteSpace(k.Note) ? null : k.Note.Trim(), ClosedAt = x.Now,
        };
        return x.Done(capa, new CapaClosed(outcome, changed, capa.Stage), k.Note);
    }

    private static Change<CorrectiveAction>? Link(Ctx x, LinkComplaints l, ErrorList errors)
    {
        var numbers = ComplaintNumbers(l.Numbers, "numbers", errors);
        errors.AddIf(numbers.Count == 0 && errors.Count == 0, "numbers", "Give the complaints to link.");
        var added = numbers.Where(n => !x.C.Complaints.Contains(n)).ToList();
        errors.AddIf(x.C.Complaints.Count + added.Count > MaxComplaints, "numbers", $"A CAPA links at most {MaxComplaints} complaints.");
        if (errors.Count > 0 || added.Count == 0)
        {
            return errors.Count > 0 ? null : new(x.C, []);
        }
        return x.Done(x.C with { Complaints = [.. x.C.Complaints, .. added] }, new ComplaintsLinked(added));
    }

    /// <summary>One command's CAPA, who, when and the limits, with the moves every stage makes.</summary>
    private sealed record Ctx(CorrectiveAction C, Staff By, DateTimeOffset Now, CapaLimits Limits)
    {
        public Department Dept => C.ResponsibleDepartment ?? Department.Quality;

        /// <summary>Closes the open work items and opens the next stage's.</summary>
        public (CorrectiveAction Capa, OpenedStep Next) Next(CorrectiveAction capa, CapaStage stage, CapaStep kind, Department department, TimeSpan limit, Staff? assignee = null)
        {
            var closed = CloseOpen(capa);
            var next = WorkItemRules.Open($"s{closed.Steps.Count + 1}", Codes.Of(kind), department, Now, limit) with { Assignee = assignee };
            return (closed with { Stage = stage, Steps = [.. closed.Steps, next] }, OpenedStep.Of(next));
        }

        public CorrectiveAction CloseOpen(CorrectiveAction capa) =>
            capa with { Steps = [.. capa.Steps.Select(s => s.IsOpen ? WorkItemRules.Close(s, StepOutcome.Done, Now) : s)] };

        public Change<CorrectiveAction> Done(CorrectiveAction capa, IEventData data, string? reason = null) =>
            new(capa, [new DomainEvent(data, By, Now, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim())]);
    }
}

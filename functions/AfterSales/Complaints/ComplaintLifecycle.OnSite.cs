using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// The visit, in the documents' order: the customer's arrival promise counts from the call; the
/// technician is dispatched and arrives; a major problem's findings go to the leader, and the
/// repair starts only once the leader approves.
/// </summary>
public static partial class ComplaintLifecycle
{
    /// <summary>
    /// Makes the customer's promise: someone on site 24 h (home province) or 48 h (elsewhere, or
    /// province not yet known) after <paramref name="from"/>, the call. It is a step of its own in
    /// the first-contact owner's department, so it escalates when missed whatever the other steps do.
    /// </summary>
    private static (Complaint Changed, WorkItem Step, IEventData? Promise) Promise(Context x, Complaint c, WorkItem work, DateTimeOffset from)
    {
        var province = Provinces.Find(c.Customer.Province)?.Code;
        var (limit, rule) = x.Rules.Arrival(province);
        var step = x.Open(StepKind.ArrivalPromise, Department.Marketing, limit, offset: 1) with { DueAt = from + limit, Assignee = c.FirstContactOwner };
        var promise = new ArrivalPromise(from, step.DueAt, rule, province, step.Id);
        return (c with { ArrivalPromise = promise, Steps = [.. c.Steps, step] }, work,
            new ArrivalPromised(step.Id, from, step.DueAt, rule, province));
    }

    private static WorkItem? OpenPromiseStep(Complaint c) =>
        c.ArrivalPromise is { ArrivedAt: null } p ? c.OpenSteps.FirstOrDefault(s => s.Id == p.Step) : null;

    private static Change<Complaint> Dispatch(Context x, DispatchTechnician d)
    {
        x.RequireAllowed();
        Require(!TextLimits.IsBlank(d.Technician?.Id) && !TextLimits.IsBlank(d.Technician?.Name), "technician", "Name the technician sent (id and name).");
        var given = Provinces.Find(d.SiteProvince);
        Require(TextLimits.IsBlank(d.SiteProvince) || given is not null, "siteProvince", $"'{d.SiteProvince}' is not {Provinces.Hint}.");
        var province = given?.Code ?? Provinces.Find(x.C.Customer.Province)?.Code;
        Require(d.AgreedArrivalBy is not null || province is not null, "siteProvince",
            "The customer has no province on record: give the site's province (24 h in the home province, 48 h elsewhere) or an agreed arrival time.");
        var from = x.C.ArrivalPromise?.From ?? x.C.ReopenedAt ?? x.C.ReceivedAt;
        if (d.AgreedArrivalBy is { } agreed)
        {
            Require(agreed > x.Now, "agreedArrivalBy", "An agreed arrival time must lie in the future.");
            Require(agreed <= from + x.Rules.AgreedArrivalHorizon, "agreedArrivalBy",
                $"An agreed arrival time lies at most {x.Rules.AgreedArrivalHorizon.TotalDays:0} days after the customer's call ({from:yyyy-MM-dd HH:mm} UTC), so the visit cannot escape escalation.");
        }
        var (limit, provinceRule) = x.Rules.Arrival(province);
        var rule = d.AgreedArrivalBy is not null ? ArrivalRule.Agreed : provinceRule;
        var work = WorkStep(x.C)!;
        // The travel's own limit counts from now; the customer's promise keeps counting from the call.
        var dispatched = work.InPhase(OnSitePhase.Arrival) with { StartedAt = x.Now, DueAt = d.AgreedArrivalBy ?? x.Now + limit, Assignee = d.Technician };
        var changed = x.Replace(dispatched) with { Technician = d.Technician };
        ArrivalPromised? promised = null;
        if (OpenPromiseStep(changed) is { } step && changed.ArrivalPromise is { } promise)
        {
            var due = d.AgreedArrivalBy ?? promise.From + limit;
            if (due != promise.DueAt || rule != promise.Rule || province != promise.Province)
            {
                changed = changed with
                {
                    ArrivalPromise = promise with { DueAt = due, Rule = rule, Province = province },
                    Steps = WorkItemRules.Replace(changed.Steps, step with { DueAt = due }),
                };
                promised = new ArrivalPromised(step.Id, promise.From, due, rule, province);
            }
        }
        return x.Done(changed, new TechnicianDispatched(work.Id, d.Technician!, province, rule, dispatched.DueAt, changed.ArrivalPromise?.DueAt), null, promised);
    }

    /// <summary>How far ahead of the server's clock a phone's typed arrival may lie (clock skew).</summary>
    public static readonly TimeSpan ArrivalSkew = TimeSpan.FromMinutes(2);

    /// <summary>Whether a typed arrival lies before the dispatch. People type minutes, so an arrival in the dispatch's minute is not before it.</summary>
    public static bool ArrivesBeforeDispatch(DateTimeOffset arrivedAt, DateTimeOffset dispatchedAt) =>
        arrivedAt < dispatchedAt.AddTicks(-(dispatchedAt.Ticks % TimeSpan.TicksPerMinute));

    private static Change<Complaint> Arrive(Context x, RecordArrival a)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        // When they arrived, as typed on site (a card saved offline is sent later): never before the dispatch, never ahead of now.
        var at = a.At ?? x.Now;
        Require(at <= x.Now + ArrivalSkew, "arrivedAt", "The arrival cannot lie in the future.");
        Require(work.StartedAt is not { } sent || !ArrivesBeforeDispatch(at, sent), "arrivedAt", $"The arrival cannot come before the dispatch ({work.StartedAt:yyyy-MM-dd HH:mm} UTC).");
        // A major problem is only looked at until the leader decides; general work (or a major one already approved) starts now.
        var awaitsDecision = x.C.Path == HandlingPath.MajorOnSite && x.C.Approval?.Approved != true;
        // A new stage is escalated afresh when late, except on an urgent complaint, which management watches throughout.
        var escalation = x.C.Urgent ? EscalationLevel.Management : EscalationLevel.None;
        var arrived = awaitsDecision
            ? work.InPhase(OnSitePhase.Inspection) with { DueAt = at + x.Rules.FindingsLimit, Escalation = escalation }
            : work.InPhase(OnSitePhase.Service) with { DueAt = at + WorkLimit(x), Escalation = escalation };
        var changed = x.Replace(arrived);
        bool? met = null;
        if (OpenPromiseStep(changed) is { } promiseStep && changed.ArrivalPromise is { } promise)
        {
            var kept = x.Closed(promiseStep, StepOutcome.Done, at);
            met = kept.OnTime;
            changed = changed with
            {
                ArrivalPromise = promise with { ArrivedAt = at, Met = met, DueAt = kept.DueAt },
                Steps = WorkItemRules.Replace(changed.Steps, kept),
            };
        }
        return x.Done(changed, new ArrivedOnSite(work.Id, work.DueAt, at <= work.DueAt, arrived.DueAt, changed.ArrivalPromise?.DueAt, met, at));
    }

    private static TimeSpan WorkLimit(Context x) => x.C.Kind == WorkKind.Installation ? x.Rules.CommissioningLimit : x.Rules.RepairLimit;

    private static Change<Complaint> ReportFindings(Context x, RecordFindings f)
    {
        x.RequireAllowed();
        Require(!TextLimits.IsBlank(f.Findings), "findings", "Record what was found on site (what is affected, how many, the likely cause) for the leader.");
        var work = WorkStep(x.C)!;
        var inspected = x.Close(work, StepOutcome.Done);
        var approval = x.Open(StepKind.Approval, Department.Management, x.Rules.ApprovalLimit);
        var changed = inspected with
        {
            State = ComplaintState.AwaitingApproval,
            Findings = new SiteFindings(f.Findings.Trim(), x.By, x.Now),
            Steps = [.. inspected.Steps, approval],
        };
        return x.Done(changed, new FindingsReported(work.Id, f.Findings.Trim(), ComplaintState.AwaitingApproval, OpenedStep.Of(approval)));
    }

    private static Change<Complaint> DecideApproval(Context x, DecideApproval d)
    {
        x.RequireState(ComplaintState.AwaitingApproval);
        Require(d.Approved || !TextLimits.IsBlank(d.Reason), "reason", "Say why handling is rejected.");
        var decided = x.Close(WorkStep(x.C)!, StepOutcome.Done);
        var decision = new ApprovalDecision(d.Approved, TextLimits.IsBlank(d.Reason) ? null : d.Reason!.Trim(), x.By, x.Now);
        if (!d.Approved)
        {
            var triage = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
            return x.Done(decided with { State = ComplaintState.AwaitingTriage, Approval = decision, Triage = null, Steps = [.. decided.Steps, triage] },
                new ApprovalRejected(ComplaintState.AwaitingTriage, OpenedStep.Of(triage)), d.Reason);
        }
        if (x.C.Findings is null)
        {
            // Complaints that waited for approval before the visit (the order before the findings step): the visit follows now.
            var (entered, visit, promised) = EnterPath(x, decided with { Approval = decision }, HandlingPath.MajorOnSite);
            return x.Done(entered, new ApprovalGranted(ComplaintState.InProgress, OpenedStep.Of(visit)), d.Reason, promised);
        }
        // The technician found it on site and reported it; the repair starts now, with them.
        var repair = x.Open(StepKind.OnSiteService, Department.Technical, WorkLimit(x)).InPhase(OnSitePhase.Service)
            with { StartedAt = x.Now, Assignee = x.C.Technician };
        return x.Done(decided with { State = ComplaintState.InProgress, Approval = decision, Steps = [.. decided.Steps, repair] },
            new ApprovalGranted(ComplaintState.InProgress, OpenedStep.Of(repair)), d.Reason);
    }
}

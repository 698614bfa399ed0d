using System.Globalization;
using AfterSales.Access;
using AfterSales.Departments;

namespace AfterSales.Complaints;

/// <summary>A complaint after a command, with the events that record the change (none: nothing changed).</summary>
public sealed record Change(Complaint Complaint, IReadOnlyList<ComplaintEvent> Events);

/// <summary>
/// The complaint state machine: which actions each state allows and what each does to the
/// complaint and its steps. Plain C#: time, actor and rules come in as arguments.
/// </summary>
public static class ComplaintLifecycle
{
    private static readonly string[] StepActions = ["transfer", "assign", "pause", "resume"];

    /// <summary>The actions a person may take now (system actions excluded).</summary>
    public static IReadOnlyList<string> AllowedActions(Complaint c, DateTimeOffset now, ServiceRules rules)
    {
        var allowed = new List<string>();
        var work = WorkStep(c);
        switch (c.State)
        {
            case ComplaintState.AwaitingTriage:
                allowed.Add("triage");
                break;
            case ComplaintState.AwaitingApproval:
                allowed.AddRange(["decideApproval", "reviseTriage"]);
                break;
            case ComplaintState.InProgress when work is not null:
                if (work.StartedAt is null && work.Phase is null or OnSitePhase.Dispatch)
                {
                    allowed.Add("reviseTriage");
                }
                allowed.AddRange(work.Kind switch
                {
                    StepKind.OnSiteService => work.Phase switch
                    {
                        OnSitePhase.Dispatch => ["dispatch"],
                        OnSitePhase.Arrival => ["recordArrival"],
                        _ => ["resolve"],
                    },
                    _ when work.StartedAt is null => ["startWork", "resolve"],
                    _ => ["resolve"],
                });
                break;
            case ComplaintState.Resolved:
                allowed.Add("confirm");
                break;
            case ComplaintState.Closed:
                allowed.Add(now - c.ClosedAt!.Value <= rules.ReopenGrace ? "reopen" : "followUp");
                break;
        }
        if (c.OpenSteps.Any())
        {
            allowed.AddRange(StepActions.Where(a => a != "resume" || c.OpenSteps.Any(s => s.IsPaused)).Where(a => a != "pause" || c.OpenSteps.Any(s => !s.IsPaused)));
        }
        if (c.OpenSteps.Any(s => s.Kind == StepKind.Revisit))
        {
            allowed.Add("recordRevisit");
        }
        allowed.Add("link");
        return allowed;
    }

    public static Change Execute(Complaint c, ComplaintCommand command, Staff by, DateTimeOffset now, ServiceRules rules)
    {
        var context = new Context(c, by, now, rules, command.Action);
        ThrowIfMalformed(command);
        return command switch
        {
            FileForTriage => Route(context),
            RecordTriage t => RecordTriage(context, t),
            ReviseTriage r => ReviseTriage(context, r),
            DecideApproval d => DecideApproval(context, d),
            StartWork s => StartWork(context, s),
            DispatchTechnician d => Dispatch(context, d),
            RecordArrival => Arrive(context),
            Resolve r => Resolve(context, r),
            ConfirmResolution r => Confirm(context, r),
            Reopen r => Reopen(context, r),
            TransferStep t => Transfer(context, t),
            AssignStep a => Assign(context, a),
            PauseStep p => Pause(context, p),
            ResumeStep r => Resume(context, r),
            RecordRevisit r => RecordRevisit(context, r),
            LinkComplaint l => Link(context, l),
            EscalateOverdue => Escalate(context),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };
    }

    /// <summary>The open step that carries the chosen path's work (or the approval).</summary>
    public static Step? WorkStep(Complaint c) =>
        c.OpenSteps.FirstOrDefault(s => s.Kind is StepKind.RemoteSolution or StepKind.OnSiteService or StepKind.ReturnExchange or StepKind.Approval);

    private static Change Route(Context x)
    {
        x.RequireState(ComplaintState.Received);
        var step = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(x.C with { State = ComplaintState.AwaitingTriage, Steps = [.. x.C.Steps, step] },
            "RoutedToDepartment", null, StepFacts(step));
    }

    private static Change RecordTriage(Context x, RecordTriage t)
    {
        x.RequireState(ComplaintState.AwaitingTriage);
        Require(!string.IsNullOrWhiteSpace(t.Analysis), "analysis", "Record the preliminary analysis that supports the path.");
        var triage = x.Close(x.C.Steps.Single(s => s.IsOpen && s.Kind == StepKind.Triage), StepOutcome.Done);
        var (state, next) = PathWork(x, t.Path);
        var changed = triage with
        {
            State = state,
            Triage = new Triage(t.Path, t.Analysis.Trim(), x.By, x.Now),
            Approval = null,
            Steps = [.. triage.Steps, next],
        };
        return x.Done(changed, "Triaged", null, new() { ["path"] = Code(t.Path), ["analysis"] = t.Analysis.Trim(), ["state"] = Code(state) }, StepFacts(next));
    }

    private static Change ReviseTriage(Context x, ReviseTriage r)
    {
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(r.Reason), "reason", "Say why the path changes.");
        Require(!string.IsNullOrWhiteSpace(r.Analysis), "analysis", "Record the analysis that supports the new path.");
        Require(r.Path != x.C.Path, "path", $"The complaint is already on the {Code(r.Path)} path.");
        var cancelled = x.Close(WorkStep(x.C)!, StepOutcome.Cancelled);
        var (state, next) = PathWork(x, r.Path);
        var changed = cancelled with
        {
            State = state,
            Triage = new Triage(r.Path, r.Analysis.Trim(), x.By, x.Now),
            Approval = null,
            Steps = [.. cancelled.Steps, next],
        };
        return x.Done(changed, "TriageRevised", r.Reason.Trim(),
            new() { ["fromPath"] = Code(x.C.Path!.Value), ["path"] = Code(r.Path), ["analysis"] = r.Analysis.Trim(), ["state"] = Code(state) }, StepFacts(next));
    }

    private static Change DecideApproval(Context x, DecideApproval d)
    {
        x.RequireState(ComplaintState.AwaitingApproval);
        Require(d.Approved || !string.IsNullOrWhiteSpace(d.Reason), "reason", "Say why handling is rejected.");
        var decided = x.Close(WorkStep(x.C)!, StepOutcome.Done);
        var decision = new ApprovalDecision(d.Approved, d.Reason?.Trim(), x.By, x.Now);
        if (d.Approved)
        {
            var onSite = x.Open(StepKind.OnSiteService, Department.Technical, x.Rules.DispatchLimit) with { Phase = OnSitePhase.Dispatch };
            return x.Done(decided with { State = ComplaintState.InProgress, Approval = decision, Steps = [.. decided.Steps, onSite] },
                "ApprovalGranted", d.Reason, new() { ["state"] = Code(ComplaintState.InProgress) }, StepFacts(onSite));
        }
        var triage = x.Open(StepKind.Triage, Department.Marketing, x.Rules.TriageLimit);
        return x.Done(decided with { State = ComplaintState.AwaitingTriage, Approval = decision, Triage = null, Steps = [.. decided.Steps, triage] },
            "ApprovalRejected", d.Reason, new() { ["state"] = Code(ComplaintState.AwaitingTriage) }, StepFacts(triage));
    }

    private static Change StartWork(Context x, StartWork s)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        return x.Done(x.Replace(work with { StartedAt = x.Now, Assignee = work.Assignee ?? x.By }), "WorkStarted", s.Note,
            new() { ["step"] = work.Id, ["stepKind"] = Code(work.Kind) });
    }

    private static Change Dispatch(Context x, DispatchTechnician d)
    {
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(d.Technician?.Id) && !string.IsNullOrWhiteSpace(d.Technician?.Name), "technician", "Name the technician sent (id and name).");
        var province = string.IsNullOrWhiteSpace(d.SiteProvince) ? x.C.Customer.Province : d.SiteProvince.Trim();
        Require(d.AgreedArrivalBy is not null || !string.IsNullOrWhiteSpace(province), "siteProvince",
            "The customer has no province on record: give the site's province (24 h in the home province, 48 h elsewhere) or an agreed arrival time.");
        Require(d.AgreedArrivalBy is null || d.AgreedArrivalBy > x.Now, "agreedArrivalBy", "An agreed arrival time must lie in the future.");
        var inProvince = x.Rules.IsHomeProvince(province);
        var due = d.AgreedArrivalBy ?? x.Now + (inProvince ? x.Rules.ArrivalInProvince : x.Rules.ArrivalOutOfProvince);
        var work = WorkStep(x.C)!;
        var dispatched = work with { Phase = OnSitePhase.Arrival, StartedAt = x.Now, DueAt = due, Assignee = d.Technician };
        return x.Done(x.Replace(dispatched) with { Technician = d.Technician }, "TechnicianDispatched", null, new()
        {
            ["step"] = work.Id,
            ["technician"] = d.Technician!.Name,
            ["technicianId"] = d.Technician.Id,
            ["siteProvince"] = province,
            ["rule"] = d.AgreedArrivalBy is not null ? "agreed" : inProvince ? "inProvince" : "outOfProvince",
            ["dueAt"] = Iso(due),
        });
    }

    private static Change Arrive(Context x)
    {
        x.RequireAllowed();
        var work = WorkStep(x.C)!;
        var limit = x.C.Kind == WorkKind.Installation ? x.Rules.CommissioningLimit : x.Rules.RepairLimit;
        var arrived = work with { Phase = OnSitePhase.Service, DueAt = x.Now + limit, Escalation = EscalationLevel.None };
        return x.Done(x.Replace(arrived), "ArrivedOnSite", null, new()
        {
            ["step"] = work.Id,
            ["arrivalDueAt"] = Iso(work.DueAt),
            ["onTime"] = (x.Now <= work.DueAt).ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
            ["dueAt"] = Iso(arrived.DueAt),
        });
    }

    private static Change Resolve(Context x, Resolve r)
    {
        x.RequireAllowed();
        Require(!string.IsNullOrWhiteSpace(r.Summary), "summary", "Describe what was done (the solution given or the work on site).");
        var work = WorkStep(x.C)!;
        var done = x.Close(work with { StartedAt = work.StartedAt ?? x.Now }, StepOutcome.Done);
        // The first-contact owner asks the customer: they own the complaint until the customer is satisfied.
        var confirm = x.Open(StepKind.CustomerConfirmation, Department.Marketing, x.Rules.ConfirmationLimit) with { Assignee = x.C.FirstContactOwner };
        var steps = done.Steps.Append(confirm).ToList();
        var facts = StepFacts(confirm);
        if (x.C.Path is HandlingPath.GeneralOnSite or HandlingPath.MajorOnSite)
        {
            var revisit = x.Open(StepKind.Revisit, Department.Marketing, x.Rules.RevisitAfter, offset: 1);
            steps.Add(revisit);
            facts["revisitStep"] = revisit.Id;
            facts["revisitDueAt"] = Iso(revisit.DueAt);
        }
        return x.Done(done with { State = ComplaintState.Resolved, Resolution = r.Summary.Trim(), ResolvedAt = x.Now, Steps = steps },
            "Resolved", null, new() { ["summary"] = r.Summary.Trim(), ["state"] = Code(ComplaintState.Resolved), ["completedStep"] = work.Id }, facts);
    }

    private static Change Confirm(Context x, ConfirmResolution r)
    {
        x.RequireState(ComplaintState.Resolved);
        Require(r.Satisfied || !string.IsNullOrWhiteSpace(r.Note), "note", "Record what the customer is not satisfied with.");
        var confirmed = x.Close(x.C.OpenSteps.Single(s => s.Kind == StepKind.CustomerConfirmation), StepOutcome.Done);
        if (r.Satisfied)
        {
            return x.Done(confirmed with { State = ComplaintState.Closed, ClosedAt = x.Now }, "Closed", r.Note,
                new() { ["state"] = Code(ComplaintState.Closed), ["customerSatisfied"] = "true" });
        }
        var withoutRevisit = CancelRevisits(x, confirmed);
        var (_, work) = PathWork(x, x.C.Path!.Value, afterApproval: true);
        return x.Done(withoutRevisit with { State = ComplaintState.InProgress, Resolution = null, ResolvedAt = null, Steps = [.. withoutRevisit.Steps, work] },
            "ResolutionRejected", r.Note, new() { ["state"] = Code(ComplaintState.InProgress), ["customerSatisfied"] = "false" }, StepFacts(work));
    }

    private static Change Reopen(Context x, Reopen r)
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
        }, "Reopened", r.Reason.Trim(), new() { ["state"] = Code(ComplaintState.AwaitingTriage) }, StepFacts(triage));
    }

    private static Change Transfer(Context x, TransferStep t)
    {
        var step = x.OpenStep(t.StepId);
        Require(!string.IsNullOrWhiteSpace(t.Note), "note", "Add a note for the receiving department.");
        Require(step.Department != t.To, "department", $"Step {step.Id} is already with {t.To.Code()}.");
        return x.Done(x.Replace(step with { Department = t.To, Assignee = null }), "StepTransferred", t.Note.Trim(), new()
        {
            ["step"] = step.Id,
            ["stepKind"] = Code(step.Kind),
            ["fromDepartment"] = step.Department.Code(),
            ["department"] = t.To.Code(),
            ["dueAt"] = Iso(step.DueAt),
        });
    }

    private static Change Assign(Context x, AssignStep a)
    {
        var step = x.OpenStep(a.StepId);
        if (step.Assignee == a.Assignee)
        {
            return new Change(x.C, []);
        }
        return x.Done(x.Replace(step with { Assignee = a.Assignee }), "StepAssigned", null, new()
        {
            ["step"] = step.Id,
            ["assignee"] = a.Assignee?.Name,
            ["assigneeId"] = a.Assignee?.Id,
        });
    }

    private static Change Pause(Context x, PauseStep p)
    {
        var step = x.OpenStep(p.StepId);
        if (step.IsPaused)
        {
            throw x.Invalid($"Step {step.Id} is already paused ({Code(step.PauseReason!.Value)}).");
        }
        return x.Done(x.Replace(step with { PausedAt = x.Now, PauseReason = p.Reason, PauseNote = p.Note?.Trim() }), "StepPaused", p.Note, new()
        {
            ["step"] = step.Id,
            ["pauseReason"] = Code(p.Reason),
            ["dueAt"] = Iso(step.DueAt),
        });
    }

    private static Change Resume(Context x, ResumeStep r)
    {
        var step = x.OpenStep(r.StepId);
        if (!step.IsPaused)
        {
            throw x.Invalid($"Step {step.Id} is not paused.");
        }
        var paused = x.Now - step.PausedAt!.Value;
        var resumed = step with { PausedAt = null, PauseReason = null, PauseNote = null, PausedTotal = step.PausedTotal + paused, DueAt = step.DueAt + paused };
        return x.Done(x.Replace(resumed), "StepResumed", null, new()
        {
            ["step"] = step.Id,
            ["pausedFor"] = paused.ToString("c", CultureInfo.InvariantCulture),
            ["dueAt"] = Iso(resumed.DueAt),
        });
    }

    private static Change RecordRevisit(Context x, RecordRevisit r)
    {
        var revisit = x.C.OpenSteps.FirstOrDefault(s => s.Kind == StepKind.Revisit) ?? throw x.Invalid("There is no revisit due.");
        Require(!string.IsNullOrWhiteSpace(r.Note), "note", "Record what the customer said.");
        return x.Done(x.Close(revisit, StepOutcome.Done), "RevisitRecorded", null, new() { ["step"] = revisit.Id, ["note"] = r.Note.Trim() });
    }

    private static Change Link(Context x, LinkComplaint l)
    {
        Require(ComplaintNumber.IsValid(l.Number), "number", "Give a complaint number such as KS-202611-0042.");
        Require(l.Number != x.C.Number, "number", "A complaint cannot be linked to itself.");
        if (x.C.Links.Contains(l.Number))
        {
            return new Change(x.C, []);
        }
        return x.Done(x.C with { Links = [.. x.C.Links, l.Number] }, "Linked", l.Note, new() { ["linked"] = l.Number });
    }

    private static Change Escalate(Context x)
    {
        var complaint = x.C;
        var events = new List<ComplaintEvent>();
        foreach (var step in x.C.OpenSteps.Where(s => s.IsOverdue(x.Now)).ToList())
        {
            var level = x.Now > step.DueAt + x.Rules.EscalateToManagementAfter ? EscalationLevel.Management : EscalationLevel.Supervisor;
            for (var next = step.Escalation + 1; next <= level; next++)
            {
                events.Add(new ComplaintEvent("StepEscalated", x.Now, SystemActor.Instance, $"Overdue since {Iso(step.DueAt)}", new Dictionary<string, string?>
                {
                    ["step"] = step.Id,
                    ["stepKind"] = Code(step.Kind),
                    ["department"] = step.Department.Code(),
                    ["level"] = Code(next),
                    ["escalatedTo"] = next == EscalationLevel.Supervisor ? $"{step.Department.Code()}/supervisor" : Department.Management.Code(),
                    ["dueAt"] = Iso(step.DueAt),
                }));
            }
            if (level > step.Escalation)
            {
                complaint = complaint with { Steps = [.. complaint.Steps.Select(s => s.Id == step.Id ? s with { Escalation = level } : s)] };
            }
        }
        return new Change(complaint, events);
    }

    /// <summary>The state and first open step a path leads to.</summary>
    private static (ComplaintState State, Step Step) PathWork(Context x, HandlingPath path, bool afterApproval = false) => path switch
    {
        HandlingPath.NotQualityProblem => (ComplaintState.InProgress, x.Open(StepKind.RemoteSolution, Department.Marketing, x.Rules.RemoteSolutionLimit)),
        HandlingPath.QualityRemote => (ComplaintState.InProgress, x.Open(StepKind.RemoteSolution, Department.Quality, x.Rules.RemoteSolutionLimit)),
        HandlingPath.GeneralOnSite => (ComplaintState.InProgress, x.Open(StepKind.OnSiteService, Department.Technical, x.Rules.DispatchLimit) with { Phase = OnSitePhase.Dispatch }),
        HandlingPath.MajorOnSite when afterApproval => (ComplaintState.InProgress, x.Open(StepKind.OnSiteService, Department.Technical, x.Rules.DispatchLimit) with { Phase = OnSitePhase.Dispatch }),
        HandlingPath.MajorOnSite => (ComplaintState.AwaitingApproval, x.Open(StepKind.Approval, Department.Management, x.Rules.ApprovalLimit)),
        HandlingPath.ReturnExchange => (ComplaintState.InProgress, x.Open(StepKind.ReturnExchange, Department.Procurement, x.Rules.ReturnLimit)),
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    private static Complaint CancelRevisits(Context x, Complaint c) =>
        c with { Steps = [.. c.Steps.Select(s => s.IsOpen && s.Kind == StepKind.Revisit ? s with { CompletedAt = x.Now, Outcome = StepOutcome.Cancelled } : s)] };

    private static Dictionary<string, string?> StepFacts(Step step) => new()
    {
        ["openedStep"] = step.Id,
        ["stepKind"] = Code(step.Kind),
        ["department"] = step.Department.Code(),
        ["dueAt"] = Iso(step.DueAt),
    };

    /// <summary>Longest free text (analysis, reasons, notes, summaries) and longest name or id, in characters.</summary>
    public const int MaxText = 4000, MaxName = 200;

    /// <summary>What to tell the sender of a text over its limit; null when it fits.</summary>
    internal static string? TooLong(string field, string? text, int max) =>
        text is { Length: var n } && n > max ? $"{field} has at most {max} characters ({n} given); attach longer documents." : null;

    /// <summary>Limits every command's input, whatever the state, so nothing oversized or unknown is ever stored.</summary>
    private static void ThrowIfMalformed(ComplaintCommand command)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string? text, int max)
        {
            if (TooLong(field, text, max) is { } message)
            {
                errors[field] = [message];
            }
        }
        void Known<T>(string field, T value) where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                errors[field] = [$"'{value}' is not a {field}: {string.Join(", ", Enum.GetValues<T>().Select(v => Code(v)))}."];
            }
        }
        void Person(string field, Staff? s)
        {
            Check(field + ".id", s?.Id, MaxName);
            Check(field + ".name", s?.Name, MaxName);
        }
        switch (command)
        {
            case RecordTriage t: Known("path", t.Path); Check("analysis", t.Analysis, MaxText); break;
            case ReviseTriage r: Known("path", r.Path); Check("analysis", r.Analysis, MaxText); Check("reason", r.Reason, MaxText); break;
            case DecideApproval d: Check("reason", d.Reason, MaxText); break;
            case StartWork s: Check("note", s.Note, MaxText); break;
            case DispatchTechnician d: Person("technician", d.Technician); Check("siteProvince", d.SiteProvince, MaxName); break;
            case Resolve r: Check("summary", r.Summary, MaxText); break;
            case ConfirmResolution r: Check("note", r.Note, MaxText); break;
            case Reopen r: Check("reason", r.Reason, MaxText); break;
            case TransferStep t: Known("department", t.To); Check("note", t.Note, MaxText); break;
            case AssignStep a: Person("assignee", a.Assignee); break;
            case PauseStep p: Known("reason", p.Reason); Check("note", p.Note, MaxText); break;
            case RecordRevisit r: Check("note", r.Note, MaxText); break;
            case LinkComplaint l: Check("number", l.Number, MaxName); Check("note", l.Note, MaxText); break;
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { [field] = [message] });
        }
    }

    internal static string Code<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    private static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>What every command needs: the complaint, who, when, the rules; and small helpers over them.</summary>
    private sealed record Context(Complaint C, Staff By, DateTimeOffset Now, ServiceRules Rules, string Action)
    {
        public void RequireState(ComplaintState state)
        {
            if (C.State != state)
            {
                throw Invalid($"{C.Number} is {Code(C.State)}; '{Action}' needs it {Code(state)}.");
            }
        }

        public void RequireAllowed()
        {
            if (!AllowedActions(C, Now, Rules).Contains(Action))
            {
                var work = WorkStep(C);
                var where = work is null ? Code(C.State) : $"{Code(C.State)} ({Code(work.Kind)}{(work.Phase is { } p ? "/" + Code(p) : "")}{(work.StartedAt is not null ? ", started" : "")})";
                throw Invalid($"'{Action}' is not possible while {C.Number} is {where}.");
            }
        }

        public InvalidTransitionException Invalid(string message) =>
            new(C.Number, C.State, Action, AllowedActions(C, Now, Rules), message);

        public Step OpenStep(string id) =>
            C.Steps.FirstOrDefault(s => s.Id == id) is { } step
                ? step.IsOpen ? step : throw Invalid($"Step {id} is already {(step.Outcome == StepOutcome.Cancelled ? "cancelled" : "done")}.")
                : throw new DomainValidationException(new Dictionary<string, string[]> { ["stepId"] = [$"{C.Number} has no step '{id}'."] });

        public Step Open(StepKind kind, Department department, TimeSpan limit, int offset = 0) =>
            new($"s{C.Steps.Count + 1 + offset}", kind, department, Now, Now + limit);

        public Complaint Close(Step step, StepOutcome outcome) =>
            Replace(step with { CompletedAt = Now, Outcome = outcome, PausedAt = null, PauseReason = null, PauseNote = null });

        public Complaint Replace(Step step) => C with { Steps = [.. C.Steps.Select(s => s.Id == step.Id ? step : s)] };

        public Change Done(Complaint changed, string type, string? reason, Dictionary<string, string?> changes, Dictionary<string, string?>? more = null)
        {
            foreach (var (k, v) in more ?? [])
            {
                changes.TryAdd(k, v);
            }
            return new Change(changed, [new ComplaintEvent(type, Now, By, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), changes)]);
        }
    }
}

using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// The complaint state machine: which actions each state allows and what each does to the
/// complaint and its steps. Plain C#: time, actor and rules come in as arguments. The commands
/// live in ComplaintLifecycle.Handling.cs (triage to resolution), ComplaintLifecycle.OnSite.cs
/// (the visit, the customer's arrival promise, findings and approval) and
/// ComplaintLifecycle.Closing.cs (confirmation, reopening, revisits, links, steps, escalation).
/// </summary>
public static partial class ComplaintLifecycle
{
    /// <summary>The actions a person may take now (system actions excluded), step actions once per open step.</summary>
    public static IReadOnlyList<PossibleAction> AllowedActions(Complaint c, DateTimeOffset now, ServiceRules rules)
    {
        var allowed = new List<string>();
        var work = WorkStep(c);
        switch (c.State)
        {
            case ComplaintState.AwaitingTriage:
                allowed.Add("triage");
                break;
            case ComplaintState.AwaitingApproval:
                allowed.Add("decideApproval");
                break;
            case ComplaintState.InProgress when work is not null:
                if (work.StartedAt is null && work.Phase() is null or OnSitePhase.Dispatch)
                {
                    allowed.Add("reviseTriage");
                }
                allowed.AddRange(work.AsStepKind() switch
                {
                    StepKind.OnSiteService => work.Phase() switch
                    {
                        OnSitePhase.Dispatch => ["dispatch"],
                        OnSitePhase.Arrival => ["recordArrival"],
                        OnSitePhase.Inspection => ["recordFindings"],
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
        if (c.OpenSteps.Any(s => s.Is(StepKind.Revisit)))
        {
            allowed.Add("recordRevisit");
        }
        allowed.Add("link");
        if (HeldOpenBy(c) is not null)
        {
            allowed.Remove("resolve");
        }
        return [.. allowed.Select(a => new PossibleAction(a)),
            .. WorkItemRules.AllowedActionsByStep(c.Steps).Select(a => new PossibleAction(a.Action, a.Step))];
    }

    /// <summary>
    /// Applies a command. <paramref name="may"/> says which actions the person may take (their
    /// department's steps): a 409 lists only those among the ones the state allows.
    /// </summary>
    public static Change<Complaint> Execute(Complaint c, ComplaintCommand command, Staff by, DateTimeOffset now, ServiceRules rules,
        Func<PossibleAction, bool>? may = null)
    {
        ComplaintInput.ThrowIfMalformed(command);
        var x = new Context(c, by, now, rules, command.Action, may ?? (_ => true));
        var change = command switch
        {
            FileForTriage => Route(x),
            RecordTriage t => RecordTriage(x, t),
            ReviseTriage r => ReviseTriage(x, r),
            DecideApproval d => DecideApproval(x, d),
            StartWork s => StartWork(x, s),
            DispatchTechnician d => Dispatch(x, d),
            RecordArrival a => Arrive(x, a),
            RecordFindings f => ReportFindings(x, f),
            Resolve r => Resolve(x, r),
            ConfirmResolution r => Confirm(x, r),
            Reopen r => Reopen(x, r),
            RecordRevisit r => RecordRevisit(x, r),
            LinkComplaint l => Link(x, l),
            StepAction s => Step(x, s),
            EscalateOverdue => Escalate(x),
            NoteReturnOrder n => NoteReturn(x, n),
            NoteCapa n => NoteCapa(x, n),
            NoteServiceReport n => NoteServiceReport(x, n),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };
        return x.Completed.Count == 0 ? change : change with { Events = [.. x.Completed.Select(s => new DomainEvent(s, by, now)), .. change.Events] };
    }

    /// <summary>The open step that carries the chosen path's work (or the approval).</summary>
    public static WorkItem? WorkStep(Complaint c) =>
        c.OpenSteps.FirstOrDefault(s => s.Is(StepKind.RemoteSolution) || s.Is(StepKind.OnSiteService) || s.Is(StepKind.ReturnExchange) || s.Is(StepKind.Approval));

    /// <summary>The 409 for an action the complaint's state does not allow: it names the state and what is allowed, with links.</summary>
    public static ConflictException Refusal(Complaint c, string action, IReadOnlyList<PossibleAction> allowed, string message) =>
        new("That is not possible in the complaint's current state.", message, new Dictionary<string, object?>
        {
            ["number"] = c.Number,
            ["state"] = Codes.Of(c.State),
            ["action"] = action,
            ["allowedActions"] = ComplaintActions.Links(c.Number, allowed),
        });

    private static Complaint CancelRevisits(Context x, Complaint c) =>
        c with { Steps = [.. c.Steps.Select(s => s.IsOpen && s.Is(StepKind.Revisit) ? x.Closed(s, StepOutcome.Cancelled) : s)] };

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw ValidationException.For(field, message);
        }
    }

    /// <summary>What every command needs: the complaint, who, when, the rules; and small helpers over them.</summary>
    private sealed record Context(Complaint C, Staff By, DateTimeOffset Now, ServiceRules Rules, string Action, Func<PossibleAction, bool> May)
    {
        /// <summary>The steps this command closed, recorded as <see cref="StepCompleted"/> events before its own.</summary>
        public List<StepCompleted> Completed { get; } = [];

        public void RequireState(ComplaintState state)
        {
            if (C.State != state)
            {
                throw Invalid($"{C.Number} is {Codes.Of(C.State)}; '{Action}' needs it {Codes.Of(state)}.");
            }
        }

        public void RequireAllowed()
        {
            if (!AllowedActions(C, Now, Rules).Any(a => a.Name == Action))
            {
                var work = WorkStep(C);
                var where = work is null ? Codes.Of(C.State)
                    : $"{Codes.Of(C.State)} ({work.Kind}{(work.Stage is { } p ? "/" + p : "")}{(work.StartedAt is not null ? ", started" : "")})";
                throw Invalid($"'{Action}' is not possible while {C.Number} is {where}.");
            }
        }

        public ConflictException Invalid(string message) => Refusal(C, Action, [.. AllowedActions(C, Now, Rules).Where(May)], message);

        /// <summary>A new step; on an urgent complaint it is watched by management from the start.</summary>
        public WorkItem Open(StepKind kind, Department department, TimeSpan limit, int offset = 0) =>
            WorkItemRules.Open($"s{C.Steps.Count + 1 + offset}", Codes.Of(kind), department, Now, limit)
                with { Escalation = C.Urgent ? EscalationLevel.Management : EscalationLevel.None };

        public WorkItem Closed(WorkItem step, StepOutcome outcome, DateTimeOffset? at = null)
        {
            var closed = WorkItemRules.Close(step, outcome, at ?? Now);
            Completed.Add(StepCompleted.Of(closed));
            return closed;
        }

        public Complaint Close(WorkItem step, StepOutcome outcome) => Replace(Closed(step, outcome));

        public Complaint Replace(WorkItem step) => C with { Steps = WorkItemRules.Replace(C.Steps, step) };

        /// <summary>The change with its event (and the reason given), then the events of what followed from it.</summary>
        public Change<Complaint> Done(Complaint changed, IEventData data, string? reason = null, params IEventData?[] then) =>
            new(changed, [new DomainEvent(data, By, Now, TextLimits.IsBlank(reason) ? null : reason!.Trim()),
                .. then.OfType<IEventData>().Select(e => new DomainEvent(e, By, Now))]);
    }
}

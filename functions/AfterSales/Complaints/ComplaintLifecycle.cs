using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// The complaint state machine: which actions each state allows and what each does to the
/// complaint and its steps. Plain C#: time, actor and rules come in as arguments. The commands
/// live in ComplaintLifecycle.Handling.cs (triage to resolution) and ComplaintLifecycle.Closing.cs
/// (confirmation, reopening, revisits, links, steps, escalation).
/// </summary>
public static partial class ComplaintLifecycle
{
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
        allowed.AddRange(WorkItemRules.AllowedActions(c.Steps));
        if (c.OpenSteps.Any(s => s.Is(StepKind.Revisit)))
        {
            allowed.Add("recordRevisit");
        }
        allowed.Add("link");
        if (HeldOpenBy(c) is not null)
        {
            allowed.Remove("resolve");
        }
        return allowed;
    }

    public static Change<Complaint> Execute(Complaint c, ComplaintCommand command, Staff by, DateTimeOffset now, ServiceRules rules)
    {
        ComplaintInput.ThrowIfMalformed(command);
        var x = new Context(c, by, now, rules, command.Action);
        return command switch
        {
            FileForTriage => Route(x),
            RecordTriage t => RecordTriage(x, t),
            ReviseTriage r => ReviseTriage(x, r),
            DecideApproval d => DecideApproval(x, d),
            StartWork s => StartWork(x, s),
            DispatchTechnician d => Dispatch(x, d),
            RecordArrival => Arrive(x),
            Resolve r => Resolve(x, r),
            ConfirmResolution r => Confirm(x, r),
            Reopen r => Reopen(x, r),
            RecordRevisit r => RecordRevisit(x, r),
            LinkComplaint l => Link(x, l),
            StepAction s => Step(x, s),
            EscalateOverdue => Escalate(x),
            NoteReturnOrder n => NoteReturn(x, n),
            NoteCapa n => NoteCapa(x, n),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };
    }

    /// <summary>The open step that carries the chosen path's work (or the approval).</summary>
    public static WorkItem? WorkStep(Complaint c) =>
        c.OpenSteps.FirstOrDefault(s => s.Is(StepKind.RemoteSolution) || s.Is(StepKind.OnSiteService) || s.Is(StepKind.ReturnExchange) || s.Is(StepKind.Approval));

    /// <summary>The 409 for an action the complaint's state does not allow: it names the state and what is allowed.</summary>
    public static ConflictException Refusal(Complaint c, string action, IReadOnlyList<string> allowed, string message) =>
        new("That is not possible in the complaint's current state.", message, new Dictionary<string, object?>
        {
            ["number"] = c.Number,
            ["state"] = Codes.Of(c.State),
            ["action"] = action,
            ["allowedActions"] = allowed,
        });

    /// <summary>The state and first open step a path leads to.</summary>
    private static (ComplaintState State, WorkItem Step) PathWork(Context x, HandlingPath path, bool afterApproval = false) => path switch
    {
        HandlingPath.NotQualityProblem => (ComplaintState.InProgress, x.Open(StepKind.RemoteSolution, Department.Marketing, x.Rules.RemoteSolutionLimit)),
        HandlingPath.QualityRemote => (ComplaintState.InProgress, x.Open(StepKind.RemoteSolution, Department.Quality, x.Rules.RemoteSolutionLimit)),
        HandlingPath.GeneralOnSite => (ComplaintState.InProgress, OnSite(x)),
        HandlingPath.MajorOnSite when afterApproval => (ComplaintState.InProgress, OnSite(x)),
        HandlingPath.MajorOnSite => (ComplaintState.AwaitingApproval, x.Open(StepKind.Approval, Department.Management, x.Rules.ApprovalLimit)),
        HandlingPath.ReturnExchange => (ComplaintState.InProgress, x.Open(StepKind.ReturnExchange, Department.Procurement, x.Rules.ReturnLimit)),
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    private static WorkItem OnSite(Context x) => x.Open(StepKind.OnSiteService, Department.Technical, x.Rules.DispatchLimit).InPhase(OnSitePhase.Dispatch);

    private static Complaint CancelRevisits(Context x, Complaint c) =>
        c with { Steps = [.. c.Steps.Select(s => s.IsOpen && s.Is(StepKind.Revisit) ? WorkItemRules.Close(s, StepOutcome.Cancelled, x.Now) : s)] };

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw ValidationException.For(field, message);
        }
    }

    /// <summary>What every command needs: the complaint, who, when, the rules; and small helpers over them.</summary>
    private sealed record Context(Complaint C, Staff By, DateTimeOffset Now, ServiceRules Rules, string Action)
    {
        public void RequireState(ComplaintState state)
        {
            if (C.State != state)
            {
                throw Invalid($"{C.Number} is {Codes.Of(C.State)}; '{Action}' needs it {Codes.Of(state)}.");
            }
        }

        public void RequireAllowed()
        {
            if (!AllowedActions(C, Now, Rules).Contains(Action))
            {
                var work = WorkStep(C);
                var where = work is null ? Codes.Of(C.State)
                    : $"{Codes.Of(C.State)} ({work.Kind}{(work.Stage is { } p ? "/" + p : "")}{(work.StartedAt is not null ? ", started" : "")})";
                throw Invalid($"'{Action}' is not possible while {C.Number} is {where}.");
            }
        }

        public ConflictException Invalid(string message) => Refusal(C, Action, AllowedActions(C, Now, Rules), message);

        public WorkItem Open(StepKind kind, Department department, TimeSpan limit, int offset = 0) =>
            WorkItemRules.Open($"s{C.Steps.Count + 1 + offset}", Codes.Of(kind), department, Now, limit);

        public Complaint Close(WorkItem step, StepOutcome outcome) => Replace(WorkItemRules.Close(step, outcome, Now));

        public Complaint Replace(WorkItem step) => C with { Steps = WorkItemRules.Replace(C.Steps, step) };

        public Change<Complaint> Done(Complaint changed, IEventData data, string? reason = null) =>
            new(changed, [new DomainEvent(data, By, Now, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim())]);
    }
}

using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>
/// Who may see a complaint and who may act on it. Seeing: its first-contact owner (首问责任人,
/// always) and whoever recorded it for them, the departments it has been routed to, its technician
/// and assignees, supervisors and management; and the departments of the preliminary analysis:
/// quality reads every complaint that may be a quality problem (in triage, and on every quality
/// path: remote, on site, major, return), the technical center those it helps with (triage, quality
/// analysis, on-site work). Everyone else is refused, admins included: the record holds a customer's
/// name, phone and problems. Acting: see <see cref="MayDo"/>.
/// </summary>
public static class ComplaintAccess
{
    /// <summary>The paths quality analyses, tests or receives the report of.</summary>
    public static readonly IReadOnlySet<HandlingPath> QualityPaths =
        new HashSet<HandlingPath> { HandlingPath.QualityRemote, HandlingPath.GeneralOnSite, HandlingPath.MajorOnSite, HandlingPath.ReturnExchange };

    /// <summary>The paths the technical center helps with: quality's analysis and tests, and the work on site.</summary>
    public static readonly IReadOnlySet<HandlingPath> TechnicalPaths =
        new HashSet<HandlingPath> { HandlingPath.QualityRemote, HandlingPath.GeneralOnSite, HandlingPath.MajorOnSite };

    public static bool CanRead(ClaimsPrincipal user, Complaint complaint)
    {
        if (user.ToStaff() is not { } me)
        {
            return false;
        }
        return complaint.FirstContactOwner.Id == me.Id
            || complaint.RecordedBy?.Id == me.Id
            || user.Oversees()
            || complaint.Steps.Any(s => user.IsInRole(Roles.Of(s.Department)))
            || complaint.Technician?.Id == me.Id
            || complaint.Steps.Any(s => s.IsOpen && s.Assignee?.Id == me.Id)
            || (user.IsInRole(Roles.Quality) && InAnalysisOr(complaint, QualityPaths))
            || (user.IsInRole(Roles.Technical) && InAnalysisOr(complaint, TechnicalPaths));
    }

    private static bool InAnalysisOr(Complaint c, IReadOnlySet<HandlingPath> paths) =>
        c.State is ComplaintState.Received or ComplaintState.AwaitingTriage || (c.Path is { } p && paths.Contains(p));

    /// <summary>Refuses (403) a complaint the user may not see.</summary>
    public static void Demand(ClaimsPrincipal user, Complaint complaint)
    {
        if (!CanRead(user, complaint))
        {
            throw new AccessDeniedException(
                $"{complaint.Number} is visible to its first-contact owner and whoever recorded it for them, the departments it is routed to, quality and the technical center where they analyse or help, its technician and assignees, supervisors and management.");
        }
    }

    /// <summary>Who does what: the step an action works on (null: none), and who besides the step's department and assignee may.</summary>
    private sealed record Rule(Func<Complaint, PossibleAction, WorkItem?> Step, string[] Also, string[]? Policy = null);

    private static WorkItem? Open(Complaint c, StepKind kind) => c.OpenSteps.FirstOrDefault(s => s.Is(kind));

    private static readonly string[] Supervisor = [Roles.Supervisor];

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        // The preliminary analysis is made together by marketing, quality and the technical center.
        ["triage"] = new((c, _) => Open(c, StepKind.Triage), ComplaintPolicies.TriageRoles, ComplaintPolicies.TriageRoles),
        ["reviseTriage"] = new((c, _) => ComplaintLifecycle.WorkStep(c), ComplaintPolicies.TriageRoles, ComplaintPolicies.TriageRoles),
        ["decideApproval"] = new((c, _) => Open(c, StepKind.Approval), [Roles.Management], [Roles.Management]),
        // Marketing dispatches service staff; the technical center sends its technicians.
        ["dispatch"] = new((c, _) => Open(c, StepKind.OnSiteService), [Roles.Marketing, Roles.Supervisor], ComplaintPolicies.DispatchRoles),
        ["recordArrival"] = new((c, _) => Open(c, StepKind.OnSiteService), Supervisor),
        ["recordFindings"] = new((c, _) => Open(c, StepKind.OnSiteService), Supervisor),
        ["startWork"] = new((c, _) => ComplaintLifecycle.WorkStep(c), Supervisor),
        ["resolve"] = new((c, _) => ComplaintLifecycle.WorkStep(c), Supervisor),
        ["confirm"] = new((c, _) => Open(c, StepKind.CustomerConfirmation), Supervisor),
        ["recordRevisit"] = new((c, _) => Open(c, StepKind.Revisit), Supervisor),
        // Routing and the clock of a step: its department, its assignee, and those who oversee.
        ["transfer"] = new((c, a) => c.Steps.FirstOrDefault(s => s.Id == a.Step), [Roles.Supervisor, Roles.Management]),
        ["assign"] = new((c, a) => c.Steps.FirstOrDefault(s => s.Id == a.Step), [Roles.Supervisor, Roles.Management]),
        ["pause"] = new((c, a) => c.Steps.FirstOrDefault(s => s.Id == a.Step), [Roles.Supervisor, Roles.Management]),
        ["resume"] = new((c, a) => c.Steps.FirstOrDefault(s => s.Id == a.Step), [Roles.Supervisor, Roles.Management]),
    };

    /// <summary>
    /// Whether the user may take the action (the complaint already readable to them). A step's work
    /// is for its owning department, its assignee and the roles named above; an action whose step
    /// does not exist in this state gets through to the state check (409). Reopening is for the
    /// first-contact owner, marketing and those who oversee; linking and follow-ups for any reader.
    /// </summary>
    public static bool MayDo(ClaimsPrincipal user, Complaint c, PossibleAction action)
    {
        if (action.Name == "reopen")
        {
            return user.ToStaff()?.Id == c.FirstContactOwner.Id || user.IsInRole(Roles.Marketing) || user.Oversees();
        }
        if (!Rules.TryGetValue(action.Name, out var rule))
        {
            return action.Name is "link" or "followUp";
        }
        if (rule.Policy is { } roles && !roles.Any(user.IsInRole))
        {
            return false;
        }
        return rule.Step(c, action) is not { } step || StepAccess.MayWork(user, step, rule.Also);
    }

    /// <summary>Refuses (403) a command the user may not give on this complaint, naming who may.</summary>
    public static void DemandAction(ClaimsPrincipal user, Complaint c, ComplaintCommand command)
    {
        var action = new PossibleAction(command.Action, (command as StepAction)?.Step.StepId);
        if (MayDo(user, c, action))
        {
            return;
        }
        if (Rules.TryGetValue(action.Name, out var rule) && rule.Step(c, action) is { } step)
        {
            StepAccess.Demand(user, step, action.Name, rule.Also);
        }
        throw new AccessDeniedException(action.Name == "reopen"
            ? $"Reopening {c.Number} is for its first-contact owner, marketing, supervisors and management."
            : $"'{action.Name}' on {c.Number} is not among your roles' actions.");
    }

    /// <summary>
    /// Lists: supervisors and management see every complaint; others list their own department's
    /// (<c>department=</c>), their own first contacts (<c>owner=</c> their id), or, for quality and the
    /// technical center, what they analyse: complaints in triage (<c>state=awaitingTriage</c>) or on
    /// one of their paths (<c>path=</c>).
    /// </summary>
    public static void DemandList(ClaimsPrincipal user, ComplaintQuery q)
    {
        bool Analyses(string role, IReadOnlySet<HandlingPath> paths) =>
            user.IsInRole(role) && (q.State is ComplaintState.AwaitingTriage || (q.Path is { } p && paths.Contains(p)));
        if (!(user.Oversees()
            || (q.Department is { } d && user.IsInRole(Roles.Of(d)))
            || (q.OwnerId is not null && user.ToStaff()?.Id == q.OwnerId)
            || Analyses(Roles.Quality, QualityPaths)
            || Analyses(Roles.Technical, TechnicalPaths)))
        {
            throw new AccessDeniedException(
                "List your department's complaints (department=) or your own first contacts (owner=your id); quality and the technical center also list those in triage (state=awaitingTriage) or on their paths (path=); supervisors and management list all.");
        }
    }
}

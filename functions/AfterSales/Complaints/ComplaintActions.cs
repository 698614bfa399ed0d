namespace AfterSales.Complaints;

/// <summary>Something a person may do to a complaint now: the action's name and, for a step action, the step.</summary>
public sealed record PossibleAction(string Name, string? Step = null);

/// <summary>An action as a client uses it: its name (as in the timeline and in 409s), the OpenAPI operation, and the request to send.</summary>
public sealed record ActionLink(string Name, string Operation, string Method, string Href, string? Step = null);

/// <summary>Where an action lives: its path under <c>/api/complaints/{number}/</c> and its OpenAPI operation.</summary>
public sealed record ActionRoute(string Name, string Path, string Operation);

/// <summary>
/// The one table from action names to routes. The endpoints are mapped from it and the allowed
/// actions link through it, so a name the API answers is always a request the API takes.
/// </summary>
public static class ComplaintActions
{
    public const string StepParameter = "{stepId}";

    public static IReadOnlyList<ActionRoute> Routes { get; } =
    [
        new("triage", "triage", "RecordTriage"),
        new("reviseTriage", "triage/revision", "ReviseTriage"),
        new("decideApproval", "approval", "DecideApproval"),
        new("startWork", "work/start", "StartWork"),
        new("dispatch", "dispatch", "DispatchTechnician"),
        new("recordArrival", "arrival", "RecordArrival"),
        new("recordFindings", "findings", "RecordFindings"),
        new("resolve", "resolution", "Resolve"),
        new("confirm", "confirmation", "ConfirmResolution"),
        new("reopen", "reopen", "ReopenComplaint"),
        new("followUp", "follow-ups", "FollowUpComplaint"),
        new("recordRevisit", "revisit", "RecordRevisit"),
        new("link", "links", "LinkComplaint"),
        new("transfer", $"steps/{StepParameter}/transfer", "TransferStep"),
        new("assign", $"steps/{StepParameter}/assignment", "AssignStep"),
        new("pause", $"steps/{StepParameter}/pause", "PauseStep"),
        new("resume", $"steps/{StepParameter}/resume", "ResumeStep"),
    ];

    private static readonly Dictionary<string, ActionRoute> ByName = Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static ActionRoute Route(string name) =>
        ByName.TryGetValue(name, out var route) ? route : throw new ArgumentOutOfRangeException(nameof(name), name, "No route for this action.");

    /// <summary>The route pattern under the complaints group (<c>/{number}/triage</c>).</summary>
    public static string Pattern(string name) => "/{number}/" + Route(name).Path;

    public static ActionLink Link(string number, PossibleAction action)
    {
        var route = Route(action.Name);
        var path = action.Step is { } step ? route.Path.Replace(StepParameter, Uri.EscapeDataString(step), StringComparison.Ordinal) : route.Path;
        return new ActionLink(action.Name, route.Operation, "POST", $"/api/complaints/{number}/{path}", action.Step);
    }

    public static IReadOnlyList<ActionLink> Links(string number, IEnumerable<PossibleAction> actions) => [.. actions.Select(a => Link(number, a))];
}

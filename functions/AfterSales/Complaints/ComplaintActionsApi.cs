using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Complaints;

public sealed record TriageRequest(HandlingPath? Path, string? Analysis, bool? Urgent = null, string? UrgentReason = null);
public sealed record TriageRevisionRequest(HandlingPath? Path, string? Analysis, string? Reason);
public sealed record ApprovalRequest(bool? Approved, string? Reason);
public sealed record NoteRequest(string? Note);
public sealed record DispatchRequest(Staff? Technician, string? SiteProvince, DateTimeOffset? AgreedArrivalBy);
public sealed record FindingsRequest(string? Findings);
public sealed record ResolutionRequest(string? Summary, string? ServiceReport = null);
public sealed record ConfirmationRequest(bool? Satisfied, string? Note);
public sealed record ReasonRequest(string? Reason);
public sealed record TransferRequest(Department? Department, string? Note);
/// <summary>Who gets the step; the property must be there (null takes the step back), so a body that names nobody changes nothing.</summary>
public sealed record AssignmentRequest([property: JsonRequired] Staff? Assignee);
public sealed record PauseRequest(PauseReason? Reason, string? Note);
public sealed record LinkRequest(string? Number, string? Note);

/// <summary>
/// The lifecycle actions, mapped from <see cref="ComplaintActions.Routes"/> (so the links a complaint
/// answers are these routes). Staff who may see the complaint reach them; triage, approval and
/// dispatch need their roles, and a step's work is for its own department (403 otherwise). Each
/// takes the version the caller saw in <c>If-Match</c> and answers the changed complaint with its
/// new ETag; 409 names the state and the allowed actions. An <c>Idempotency-Key</c> makes a retry
/// safe: the same request again answers the complaint as it is now, with <c>Idempotent-Replayed: true</c>.
/// </summary>
public static class ComplaintActionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        Action(api, "triage", "Record the preliminary analysis and choose one of the five handling paths; urgent: true escalates it at once.",
            (TriageRequest r) => new RecordTriage(Required(r.Path, "path", "Choose the path: notQualityProblem, qualityRemote, generalOnSite, majorOnSite or returnExchange."),
                r.Analysis ?? "", r.Urgent ?? false, r.UrgentReason))
            .RequireAuthorization(ComplaintPolicies.Triage);
        Action(api, "reviseTriage", "Change the path, with a reason, while work has not started.",
            (TriageRevisionRequest r) => new ReviseTriage(Required(r.Path, "path", "Choose the new path."), r.Analysis ?? "", r.Reason ?? ""))
            .RequireAuthorization(ComplaintPolicies.Triage);
        Action(api, "decideApproval", "Management approves or rejects the repair of a major quality problem, on the technician's findings.",
            (ApprovalRequest r) => new DecideApproval(Required(r.Approved, "approved", "Say whether handling is approved (true or false)."), r.Reason))
            .RequireAuthorization(ComplaintPolicies.ApproveMajor);
        Action(api, "startWork", "Start the remote answer or the return/exchange.",
            (NoteRequest r) => new StartWork(r.Note));
        Action(api, "dispatch", "Send a technician; the customer's promise counts from the call (24 h home province, 48 h elsewhere, or an agreed time).",
            (DispatchRequest r) => new DispatchTechnician(Required(r.Technician, "technician", "Name the technician sent (id and name)."), r.SiteProvince, r.AgreedArrivalBy))
            .RequireAuthorization(ComplaintPolicies.Dispatch);
        Action(api, "recordArrival", "The technician arrived on site: the customer's promise is kept or missed.",
            (NoteRequest _) => new RecordArrival());
        Action(api, "recordFindings", "Major problems: the findings on site go to the leader; the repair waits for the decision.",
            (FindingsRequest r) => new RecordFindings(r.Findings ?? ""));
        Action(api, "resolve", "The work is done: the customer is asked to confirm (a major problem's service report goes to quality).",
            (ResolutionRequest r) => new Resolve(r.Summary ?? "", r.ServiceReport));
        Action(api, "confirm", "The customer's confirmation: satisfied closes, not satisfied sends the work back.",
            (ConfirmationRequest r) => new ConfirmResolution(Required(r.Satisfied, "satisfied", "Say whether the customer is satisfied (true or false)."), r.Note));
        Action(api, "reopen", "Reopen a closed complaint within the grace period, with a reason.",
            (ReasonRequest r) => new Reopen(r.Reason ?? ""));
        Action(api, "recordRevisit", "Record the revisit (回访) with the customer.",
            (NoteRequest r) => new RecordRevisit(r.Note ?? ""));
        Action(api, "link", "Link another (existing) complaint: a confirmed duplicate or related case.",
            (LinkRequest r) => new LinkComplaint(r.Number ?? "", r.Note));
        StepAction(api, "transfer", "Move an open step to another department with a note; the first-contact owner stays.",
            (string step, TransferRequest r) => new TransferStep(step, Required(r.Department, "department", "Name the receiving department."), r.Note ?? ""));
        StepAction(api, "assign", "Give an open step to a person (or clear it with null).",
            (string step, AssignmentRequest r) => new AssignStep(step, r.Assignee));
        StepAction(api, "pause", "Stop a step's clock while waiting on the customer or on parts.",
            (string step, PauseRequest r) => new PauseStep(step, Required(r.Reason, "reason", "Say what the step waits for: waitingOnCustomer or waitingOnParts."), r.Note));
        StepAction(api, "resume", "Restart a paused step's clock; its due time moves by the pause.",
            (string step, NoteRequest _) => new ResumeStep(step));
    }

    // Bodies are optional: an action without one (arrival, resume) may be posted empty.
    private static RouteHandlerBuilder Action<TRequest>(RouteGroupBuilder api, string action, string summary, Func<TRequest, ComplaintCommand> command) where TRequest : class =>
        api.MapPost(ComplaintActions.Pattern(action), (string number, TRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] ComplaintApiServices s) =>
                RunAsync(number, command(request ?? Empty<TRequest>()), idempotencyKey, s))
            .WithName(ComplaintActions.Route(action).Operation).WithSummary(summary).ProducesProblems(Problems.ChangeProblems);

    private static RouteHandlerBuilder StepAction<TRequest>(RouteGroupBuilder api, string action, string summary, Func<string, TRequest, StepCommand> command) where TRequest : class =>
        api.MapPost(ComplaintActions.Pattern(action), (string number, string stepId, TRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] ComplaintApiServices s) =>
                RunAsync(number, new StepAction(command(stepId, request ?? Empty<TRequest>())), idempotencyKey, s))
            .WithName(ComplaintActions.Route(action).Operation).WithSummary(summary).ProducesProblems(Problems.ChangeProblems);

    private static T Empty<T>() => System.Text.Json.JsonSerializer.Deserialize<T>("{}", Json.Options)!;

    private static async Task<Ok<ComplaintView>> RunAsync(string number, ComplaintCommand command, string? idempotencyKey, ComplaintApiServices s)
    {
        var (stored, replayed) = await s.Complaints.ExecuteAsync(number, command, s.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }

    private static T Required<T>(T? value, string field, string message) where T : struct =>
        value ?? throw ValidationException.For(field, message);

    private static T Required<T>(T? value, string field, string message) where T : class =>
        value ?? throw ValidationException.For(field, message);
}

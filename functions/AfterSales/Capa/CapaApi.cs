using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Capa;

/// <summary>A CAPA as the API shows it: the record, its version, its late steps and what can be done next.</summary>
public sealed record CapaView(CorrectiveAction Capa, IReadOnlyList<string> OverdueSteps, int Version, IReadOnlyList<string> AllowedActions)
{
    public static CapaView Of(Stored<CorrectiveAction> stored, DateTimeOffset now) =>
        new(stored.Record, [.. stored.Record.Steps.Where(s => s.IsOverdue(now)).Select(s => s.Id)], stored.Version, CapaRules.AllowedActions(stored.Record));
}

/// <summary>What the CAPA endpoints use, bound as one parameter.</summary>
public sealed record CapaApiServices([FromServices] CapaService Capas, [FromServices] CapaIndex Index, [FromServices] TimeProvider Clock, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;

    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>The CAPA as the API shows it, with its version as the ETag.</summary>
    public CapaView View(Stored<CorrectiveAction> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return CapaView.Of(stored, Clock.GetUtcNow());
    }
}

public sealed record MeasureCompletion(string? Result, IReadOnlyList<Evidence>? Evidence);

/// <summary>
/// Corrective and preventive actions (纠正和预防措施): quality opens, notifies, verifies and
/// closes; the responsible department analyses and plans; its head reviews; the management
/// representative approves; each measure's owner carries it out. Every action takes the ETag
/// last read in <c>If-Match</c> and an optional <c>Idempotency-Key</c>; an action the stage does
/// not allow is a 409 naming the stage and the allowed actions.
/// </summary>
public static class CapaApi
{
    public static IEndpointRouteBuilder MapCapaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/capas").WithTags("CAPA").RequireAuthorization(Policies.Staff).ProducesProblems(400, 401, 403);
        api.MapPost("/", OpenAsync).WithName("OpenCapa").RequireAuthorization(CapaPolicies.Quality)
            .WithSummary("Open a CAPA from one or more complaints with the three decisions; no action needed closes it as continuous improvement.");
        api.MapGet("/", ListAsync).WithName("ListCapas")
            .WithSummary("Open CAPAs (or by month, part number, open=false), newest first, by stage, effective (latest verification) and overdueMeasures; paginated.");
        api.MapGet("/{id}", GetAsync).WithName("GetCapa").WithSummary("A CAPA by its number (CAPA-XXXXXXXX).").ProducesProblems(404);
        api.MapGet("/{id}/timeline", TimelineAsync).WithName("GetCapaTimeline")
            .WithSummary("Every change to a CAPA: who, when, what and why, in order.").ProducesProblems(404);
        Action(api, "complaints", "LinkCapaComplaints", "Link more complaints of the same problem (also of other customers).",
            CapaPolicies.Quality, (LinkComplaints r) => r);
        Action(api, "notification", "NotifyCapaDepartment", "Notify the responsible department, which analyses the cause and plans the measures.",
            CapaPolicies.Quality, (NotifyDepartment r) => r);
        Action(api, "cause-analysis", "RecordCapaCause", "The root cause and its category (design, material, process, supplier, use).",
            CapaPolicies.Work, (RecordCause r) => r);
        Action(api, "plan", "SubmitCapaPlan", "The measures, each with kind, owner, department and deadline, sent for the department head's review.",
            CapaPolicies.Work, (SubmitPlan r) => r);
        Action(api, "review", "ReviewCapaPlan", "The department head approves the plan or sends it back with the reason.",
            CapaPolicies.Review, (ReviewPlan r) => r);
        Action(api, "approval", "ApproveCapaPlan", "The management representative approves the plan (the measures start) or sends it back.",
            CapaPolicies.Approve, (ApprovePlan r) => r);
        api.MapPost("/{id}/measures/{measureId}/completion",
                (string id, string measureId, MeasureCompletion? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] CapaApiServices s) =>
                    RunAsync(id, new CompleteMeasure(measureId, request?.Result, request?.Evidence), idempotencyKey, s))
            .WithName("CompleteCapaMeasure").WithSummary("A measure carried out: what was done, with evidence.")
            .ProducesProblems(Problems.ChangeProblems).RequireAuthorization(CapaPolicies.Work);
        Action(api, "verification", "VerifyCapaEffect", "Quality verifies the effect with evidence; not effective sends it back to cause analysis.",
            CapaPolicies.Quality, (VerifyEffect r) => r);
        Action(api, "closure", "CloseCapa", "Close, or make it a standard (standardised: true) naming the documents changed.",
            CapaPolicies.Quality, (CloseCapa r) => r);
        return app;
    }

    internal static async Task<Results<Created<CapaView>, Ok<CapaView>>> OpenAsync(
        NewCapa request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] CapaApiServices s)
    {
        var (stored, replayed) = await s.Capas.OpenAsync(request, s.User, idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/capas/{stored.Record.Id}", s.View(stored));
    }

    internal static async Task<Ok<Page<CapaSummary>>> ListAsync(string? month, bool? open, string? stage, string? partNumber, bool? effective, bool? overdueMeasures,
        int? pageSize, string? continuationToken, [AsParameters] CapaApiServices s)
    {
        var errors = new ErrorList();
        errors.AddIf(month is not null && !IsMonth(month), "month", "month is YYYYMM, e.g. 202611.");
        errors.AddIf(partNumber is not null && (string.IsNullOrWhiteSpace(partNumber) || partNumber.Length > TextLimits.Name), "partNumber", "Give a part number (料号).");
        var size = PageSize.Check(pageSize, errors);
        errors.ThrowIfAny();
        var query = new CapaQuery(month, open, Codes.Parse<CapaStage>(stage, "stage"), partNumber, effective, overdueMeasures);
        return TypedResults.Ok(await s.Index.ListAsync(query, size, continuationToken, s.Cancellation));
    }

    internal static async Task<Ok<CapaView>> GetAsync(string id, [AsParameters] CapaApiServices s) =>
        TypedResults.Ok(s.View(await s.Capas.LoadAsync(id, s.Cancellation)));

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> TimelineAsync(string id, [AsParameters] CapaApiServices s)
    {
        await s.Capas.LoadAsync(id, s.Cancellation);
        return TypedResults.Ok(await s.Capas.Store.GetEventsAsync(id, s.Cancellation));
    }

    // Bodies are optional: an empty one is refused by the rules, naming each missing field.
    private static RouteHandlerBuilder Action<TRequest>(RouteGroupBuilder api, string action, string name, string summary, string policy, Func<TRequest, CapaCommand> command)
        where TRequest : class =>
        api.MapPost($"/{{id}}/{action}", (string id, TRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] CapaApiServices s) =>
                RunAsync(id, command(request ?? System.Text.Json.JsonSerializer.Deserialize<TRequest>("{}", Json.Options)!), idempotencyKey, s))
            .WithName(name).WithSummary(summary).ProducesProblems(Problems.ChangeProblems).RequireAuthorization(policy);

    private static async Task<Ok<CapaView>> RunAsync(string id, CapaCommand command, string? idempotencyKey, CapaApiServices s)
    {
        var (stored, replayed) = await s.Capas.ExecuteAsync(id, command, s.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }

    private static bool IsMonth(string s) =>
        s.Length == 6 && s.All(char.IsAsciiDigit) && int.Parse(s[4..], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 12;
}

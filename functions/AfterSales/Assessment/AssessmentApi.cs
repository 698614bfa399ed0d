using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Assessment;

/// <summary>An assessment as the API shows it: the record, its score now (final once completed), where points are lost, its version and next actions.</summary>
public sealed record AssessmentView(SelfAssessment Assessment, Score Score, IReadOnlyList<ImprovementFocus> ImprovementFocus, int Version, IReadOnlyList<string> AllowedActions)
{
    public static AssessmentView Of(Stored<SelfAssessment> stored)
    {
        var score = Scoring.Of(stored.Record);
        return new(stored.Record, score, AssessmentComparison.FocusOf(stored.Record, score), stored.Version, AssessmentRules.AllowedActions(stored.Record));
    }
}

/// <summary>Why a deduction or bonus is withdrawn.</summary>
public sealed record WithdrawalRequest(string? Reason);

/// <summary>What the assessment endpoints use, bound as one parameter.</summary>
public sealed record AssessmentApiServices([FromServices] AssessmentService Assessments, [FromServices] AssessmentIndex Index, [FromServices] IndicatorSets Sets, [FromServices] TimeProvider Clock, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;

    public CancellationToken Cancellation => Http.RequestAborted;

    public AssessmentView View(Stored<SelfAssessment> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return AssessmentView.Of(stored);
    }
}

/// <summary>
/// GB/T 27922-2011 self-assessments (商品售后服务自我评价) and their indicator set. Assessors open,
/// record and complete; assessors and admins change the indicator set (a new version each time);
/// management, supervisors and quality read. Every change takes <c>If-Match</c> and an optional
/// <c>Idempotency-Key</c>.
/// </summary>
public static class AssessmentApi
{
    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessments").WithTags("Assessment").RequireAuthorization(AssessmentPolicies.Read).ProducesProblems(400, 401, 403);
        api.MapPost("/", OpenAsync).WithName("OpenAssessment").RequireAuthorization(AssessmentPolicies.Assess)
            .WithSummary("Open a self-assessment of a period (from, to: YYYYMM) with the current indicator set; the system's own evidence is counted at once.");
        api.MapGet("/", ListAsync).WithName("ListAssessments").WithSummary("Assessments, newest first, by state; paginated.");
        api.MapGet("/{id}", GetAsync).WithName("GetAssessment").WithSummary("An assessment with its score, level and improvement focus.").ProducesProblems(404);
        api.MapGet("/{id}/timeline", TimelineAsync).WithName("GetAssessmentTimeline").WithSummary("Every change to an assessment, in order.").ProducesProblems(404);
        api.MapGet("/{id}/comparison", CompareAsync).WithName("CompareAssessments")
            .WithSummary("Two assessments side by side (with=the other's id): score and level change, points per indicator, what moved the score, the improvement focus.")
            .ProducesProblems(404);
        Action(api, "items", "AssessItems", "Findings per item: conforms, nonConforming, sampled (sampled, passed), excluded (reason), or acceptSystemEvidence.",
            (AssessItems r) => r);
        Action(api, "adjustments", "AdjustAssessment", "A special deduction or a bonus, in points of the 100-point score, with the reason.", (AddAdjustment r) => r);
        api.MapPost("/{id}/adjustments/{adjustmentId}/withdrawal",
                async (string id, string adjustmentId, WithdrawalRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] AssessmentApiServices s) =>
                    await RunAsync(id, new WithdrawAdjustment(adjustmentId, request?.Reason), idempotencyKey, s))
            .WithName("WithdrawAssessmentAdjustment").WithSummary("Withdraw a deduction or bonus recorded by mistake, with the reason (it stays on the record).")
            .ProducesProblems(Problems.ChangeProblems).RequireAuthorization(AssessmentPolicies.Assess);
        Action(api, "evidence", "RefreshAssessmentEvidence", "Count the system's own evidence for the period again.", (object _) => new RefreshEvidence([]));
        Action(api, "completion", "CompleteAssessment", "Complete the assessment (every item needs a finding): the score and level become final.",
            (CompleteAssessment r) => r);

        var sets = app.MapGroup("/api/assessment-indicators").WithTags("Assessment").RequireAuthorization(AssessmentPolicies.Read).ProducesProblems(400, 401, 403);
        sets.MapGet("/", CurrentSetAsync).WithName("GetIndicatorSet").WithSummary("The current indicator set (its version is the ETag); the points are this product's defaults unless changed.");
        sets.MapGet("/versions", SetHistoryAsync).WithName("ListIndicatorSetVersions").WithSummary("Every version of the indicator set, newest first.");
        sets.MapGet("/versions/{version:int}", SetVersionAsync).WithName("GetIndicatorSetVersion").WithSummary("One version of the indicator set.").ProducesProblems(404);
        sets.MapPut("/", ChangeSetAsync).WithName("ChangeIndicatorSet").RequireAuthorization(AssessmentPolicies.Configure)
            .WithSummary("Save a new version of the indicator set (the whole tree and a change note), on the version read (If-Match).")
            .ProducesProblems(412, 428);
        return app;
    }

    internal static async Task<Results<Created<AssessmentView>, Ok<AssessmentView>>> OpenAsync(
        NewAssessment request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] AssessmentApiServices s)
    {
        var (stored, replayed) = await s.Assessments.OpenAsync(request, s.User, idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/assessments/{stored.Record.Id}", s.View(stored));
    }

    internal static async Task<Ok<Page<AssessmentSummary>>> ListAsync(string? state, int? pageSize, string? continuationToken, [AsParameters] AssessmentApiServices s)
    {
        var size = PageSize.Check(pageSize);
        return TypedResults.Ok(await s.Index.ListAsync(Codes.Parse<AssessmentState>(state, "state"), size, continuationToken, s.Cancellation));
    }

    internal static async Task<Ok<AssessmentView>> GetAsync(string id, [AsParameters] AssessmentApiServices s) =>
        TypedResults.Ok(s.View(await s.Assessments.LoadAsync(id, s.Cancellation)));

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> TimelineAsync(string id, [AsParameters] AssessmentApiServices s)
    {
        await s.Assessments.LoadAsync(id, s.Cancellation);
        return TypedResults.Ok(await s.Assessments.Store.GetEventsAsync(id, s.Cancellation));
    }

    internal static async Task<Ok<AssessmentComparison>> CompareAsync(string id, string? with, [AsParameters] AssessmentApiServices s)
    {
        if (string.IsNullOrWhiteSpace(with) || !AssessmentIds.IsValid(with))
        {
            throw ValidationException.For("with", "Name the assessment to compare with: with=PJ-XXXXXXXX.");
        }
        var (a, b) = (s.Assessments.LoadAsync(id, s.Cancellation), s.Assessments.LoadAsync(with, s.Cancellation));
        return TypedResults.Ok(AssessmentComparison.Of((await a).Record, (await b).Record));
    }

    internal static async Task<Ok<IndicatorSet>> CurrentSetAsync([AsParameters] AssessmentApiServices s)
    {
        var set = await s.Sets.CurrentAsync(s.Cancellation);
        s.Http.Response.Headers.ETag = Versions.ETag(set.Version);
        return TypedResults.Ok(set);
    }

    internal static async Task<Ok<IReadOnlyList<IndicatorSetVersion>>> SetHistoryAsync([AsParameters] AssessmentApiServices s) =>
        TypedResults.Ok(await s.Sets.HistoryAsync(s.Cancellation));

    internal static async Task<Ok<IndicatorSet>> SetVersionAsync(int version, [AsParameters] AssessmentApiServices s) =>
        TypedResults.Ok(await s.Sets.FindAsync(version, s.Cancellation) ?? throw new NotFoundException($"There is no version {version} of the indicator set."));

    internal static async Task<Ok<IndicatorSet>> ChangeSetAsync(IndicatorSetChange change, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        [AsParameters] AssessmentApiServices s)
    {
        var by = s.User.ActingStaff();
        var seen = Versions.FromIfMatch(s.Http.Request);
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "changeIndicatorSet", change);
        var (set, replayed) = await s.Sets.ChangeAsync(change, seen, by, key, s.Clock.GetUtcNow(), s.Cancellation);
        s.Http.Response.Headers.ETag = Versions.ETag(set.Version);
        return Idempotency.Changed(s.Http, replayed, set);
    }

    // Bodies are optional: an empty one is refused by the rules, naming each missing field.
    private static void Action<TRequest>(RouteGroupBuilder api, string action, string name, string summary, Func<TRequest, AssessmentCommand> command)
        where TRequest : class =>
        api.MapPost($"/{{id}}/{action}", (string id, TRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] AssessmentApiServices s) =>
                RunAsync(id, command(request ?? System.Text.Json.JsonSerializer.Deserialize<TRequest>("{}", Json.Options)!), idempotencyKey, s))
            .WithName(name).WithSummary(summary).ProducesProblems(Problems.ChangeProblems).RequireAuthorization(AssessmentPolicies.Assess);

    private static async Task<Ok<AssessmentView>> RunAsync(string id, AssessmentCommand command, string? idempotencyKey, AssessmentApiServices s)
    {
        var (stored, replayed) = await s.Assessments.ExecuteAsync(id, command, s.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }
}

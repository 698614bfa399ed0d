using System.Security.Claims;
using AfterSales.Attachments;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AfterSales.FieldService;

/// <summary>Who sees and works a commissioning job: its technicians and the technical center; marketing plans and revisits; quality, supervisors and management follow.</summary>
public static class CommissioningAccess
{
    private static readonly string[] Readers = [Roles.Technical, Roles.Marketing, Roles.Quality, Roles.Supervisor, Roles.Management];

    /// <summary>Whether the user sees every job (the departments following them), not only their own.</summary>
    public static bool SeesAll(ClaimsPrincipal user) => Readers.Any(user.IsInRole);

    private static bool OnIt(ClaimsPrincipal user, CommissioningJob j) => j.Technicians.Any(t => t.Id == user.ToStaff()?.Id);

    public static void DemandRead(ClaimsPrincipal user, CommissioningJob j)
    {
        if (!(OnIt(user, j) || Readers.Any(user.IsInRole)))
        {
            throw new AccessDeniedException($"{j.Id} is visible to its technicians, the technical center, marketing, quality, supervisors and management.");
        }
    }

    public static void DemandWork(ClaimsPrincipal user, CommissioningJob j)
    {
        DemandRead(user, j);
        if (!(OnIt(user, j) || user.IsInRole(Roles.Technical) || user.IsInRole(Roles.Supervisor)))
        {
            throw new AccessDeniedException($"{j.Id} is worked by its technicians, the technical center and supervisors.");
        }
    }

    public static void DemandRevisit(ClaimsPrincipal user, CommissioningJob j)
    {
        DemandRead(user, j);
        if (!(user.IsInRole(Roles.Marketing) || user.IsInRole(Roles.Supervisor)))
        {
            throw new AccessDeniedException("The revisit (回访) is marketing's.");
        }
    }
}

/// <summary>Commissioning jobs through the record store.</summary>
public sealed class CommissioningJobs(RecordStore<CommissioningJob> store, AttachmentFiles attachments, FieldWorkIndex index, TimeProvider clock, IOptions<FieldServiceOptions> options)
{
    public const string Kind = "commissioning";
    public const string Table = "Commissioning";
    public const string OpenPolicy = "commissioning-open";

    public static void Demand(string id)
    {
        if (id is not { Length: 19 } || !id.StartsWith("AZ-", StringComparison.Ordinal) || !id[3..].All(char.IsAsciiHexDigitLower))
        {
            throw ValidationException.For("id", $"'{id}' is not a commissioning job number; they look like AZ-0123456789abcdef.");
        }
    }

    public async Task<(Stored<CommissioningJob> Job, bool Replayed)> OpenAsync(NewCommissioningJob r, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var by = user.ActingStaff();
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "openCommissioning", r);
        // With a key, the id is the key's: a retry finds the job it opened.
        var id = "AZ-" + (key is null ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) : key.Hash[..16]);
        if (key is not null && await store.GetAsync(id, ct) is { } existing)
        {
            key.EnsureSameRequestAs(await store.FindKeyAsync(id, key, ct) ?? new KeyUse("", "", 0), "commissioning job");
            return (existing, true);
        }
        var opened = CommissioningRules.Open(id, r, by, clock.GetUtcNow(), options.Value.CommissioningLimit);
        return await store.CreateAsync(opened.Record, opened.Events, key, ct) is { } created ? (created, false) : (await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id), true);
    }

    public async Task<Stored<CommissioningJob>> LoadAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        Demand(id);
        var stored = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
        CommissioningAccess.DemandRead(user, stored.Record);
        return stored;
    }

    /// <summary>
    /// Jobs by technician (their partition of the field-work index; optionally one stage) or by
    /// stage: one partition, paged. A technician lists their own; the departments following jobs
    /// list anyone's and every stage.
    /// </summary>
    public Task<Page<FieldWorkSummary>> ListAsync(string? stage, string? technicianId, int? pageSize, string? continuationToken, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ErrorList();
        var size = PageSize.Check(pageSize, errors);
        CommissioningStage? wanted = null;
        if (stage is not null)
        {
            if (Codes.TryParse<CommissioningStage>(stage, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("stage", "The stage is planned, inProgress, accepted or closed.");
            }
        }
        errors.AddIf(stage is null && TextLimits.IsBlank(technicianId), "stage", "Give a stage, a technicianId, or both.");
        TextLimits.Check(errors, "technicianId", technicianId, TextLimits.Name);
        errors.ThrowIfAny();
        var me = user.ActingStaff().Id;
        if (!CommissioningAccess.SeesAll(user) && (TextLimits.IsBlank(technicianId) || technicianId != me))
        {
            throw new AccessDeniedException("Technicians list their own jobs (technicianId = you); the technical center, marketing, quality, supervisors and management list any.");
        }
        return TextLimits.IsBlank(technicianId)
            ? index.PageAsync(FieldWorkIndex.ByStage(wanted!.Value), null, null, size, continuationToken, ct)
            : index.PageAsync(FieldWorkIndex.ByTechnician(technicianId!), Kind, wanted, size, continuationToken, ct);
    }

    public async Task<ChangeOutcome<CommissioningJob>> ExecuteAsync(string id, string action, object request, ClaimsPrincipal user, Func<IfMatch> condition, string? key, CancellationToken ct)
    {
        Demand(id);
        var by = user.ActingStaff();
        var now = clock.GetUtcNow();
        var o = options.Value;
        var scanAttached = request is RecordAcceptance { SignedScan: { } scan } && await attachments.IsAttachedAsync(Kind, id, scan, ct);
        Action<ClaimsPrincipal, CommissioningJob> authorize = action == "revisit" ? CommissioningAccess.DemandRevisit : CommissioningAccess.DemandWork;
        return await store.ExecuteAsync(new ChangeRequest<CommissioningJob>(id, j => request switch
        {
            CheckReadiness r => CommissioningRules.Readiness(j, r, by, now, o.CommissioningLimit),
            AddProgress p => CommissioningRules.Progress(j, p, by, now),
            RecordAcceptance a => CommissioningRules.Accept(j, a, scanAttached, by, now, o.RevisitWithin),
            RecordCommissioningRevisit r => CommissioningRules.Revisit(j, r, by, now),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        })
        {
            Authorize = j => authorize(user, j),
            Condition = condition,
            Key = IdempotencyKey.From(key, by.Id, action, request),
        }, ct);
    }
}

public sealed record CommissioningView(CommissioningJob Job, int Version);

/// <summary>Installation and commissioning (安装调试): <c>/api/commissioning</c>.</summary>
public static class CommissioningApi
{
    public static IEndpointRouteBuilder MapCommissioningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/commissioning").WithTags("Commissioning").ProducesProblems(400, 401, 403, 404);
        api.MapPost("/", OpenAsync).WithName("OpenCommissioningJob").RequireAuthorization(CommissioningJobs.OpenPolicy)
            .WithSummary("Plan an installation and commissioning job (安装调试): customer, product, planned start, one or two technicians; due 7 days after the start.");
        api.MapGet("/", ListAsync).WithName("ListCommissioningJobs")
            .WithSummary("Commissioning jobs by stage, or by technician (a technician: their own), paged (pageSize, continuationToken).");
        api.MapGet("/{id}", GetAsync).WithName("GetCommissioningJob").WithSummary("A commissioning job with its readiness checks, daily progress, acceptance and steps.");
        Action<CheckReadiness>(api, "readiness", "CheckSiteReadiness", "The site checked before starting: ready starts the 7 days; not ready (with what) keeps it planned.");
        Action<AddProgress>(api, "progress", "AddCommissioningProgress", "A day's progress note.");
        Action<RecordAcceptance>(api, "acceptance", "RecordCommissioningAcceptance", "The joint acceptance (验收单): result, open points, the customer's representative, the signed scan; opens the revisit within 7 days.");
        Action<RecordCommissioningRevisit>(api, "revisit", "RecordCommissioningRevisit", "The revisit (回访) after commissioning: what the customer said; closes the job.");
        return app;
    }

    internal static async Task<Results<Created<CommissioningView>, Ok<CommissioningView>>> OpenAsync(NewCommissioningJob request,
        [FromHeader(Name = IdempotencyKey.Header)] string? key, CommissioningJobs jobs, HttpContext http)
    {
        var (stored, replayed) = await jobs.OpenAsync(request, http.User, key, http.RequestAborted);
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/commissioning/{stored.Record.Id}", View(http, stored));
    }

    internal static async Task<Ok<Page<FieldWorkSummary>>> ListAsync(string? stage, string? technicianId, int? pageSize, string? continuationToken,
        CommissioningJobs jobs, HttpContext http) =>
        TypedResults.Ok(await jobs.ListAsync(stage, technicianId, pageSize, continuationToken, http.User, http.RequestAborted));

    internal static async Task<Ok<CommissioningView>> GetAsync(string id, CommissioningJobs jobs, HttpContext http) =>
        TypedResults.Ok(View(http, await jobs.LoadAsync(id, http.User, http.RequestAborted)));

    private static void Action<TRequest>(RouteGroupBuilder api, string action, string name, string summary) where TRequest : class =>
        api.MapPost($"/{{id}}/{action}", async (string id, TRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? key, CommissioningJobs jobs, HttpContext http) =>
            {
                var outcome = await jobs.ExecuteAsync(id, action, request, http.User, () => Versions.FromIfMatch(http.Request), key, http.RequestAborted);
                return Idempotency.Changed(http, outcome.Replayed, View(http, outcome.Stored));
            })
            .WithName(name).WithSummary(summary).ProducesProblems(Problems.ChangeProblems);

    private static CommissioningView View(HttpContext http, Stored<CommissioningJob> stored)
    {
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return new(stored.Record, stored.Version);
    }
}

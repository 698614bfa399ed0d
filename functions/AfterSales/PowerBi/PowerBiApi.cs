using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.PowerBi;

/// <summary>What the export endpoints use, bound as one parameter.</summary>
public sealed record PowerBiApiServices([FromServices] PowerBiExport Export, [FromServices] ExportRuns Runs, [FromServices] TimeProvider Clock, HttpContext Http)
{
    public CancellationToken Cancellation => Http.RequestAborted;
}

/// <summary>
/// The Power BI export's runs (docs/powerbi.md): an admin starts one on demand (the nightly timer
/// runs it too); admins and management read the manifests, with the row count of every table.
/// </summary>
public static class PowerBiApi
{
    public static IEndpointRouteBuilder MapPowerBiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/exports/powerbi/runs").WithTags("Power BI export").RequireAuthorization(PowerBiPolicies.Read).ProducesProblems(400, 401, 403);
        api.MapPost("/", RunAsync).WithName("RunPowerBiExport").RequireAuthorization(PowerBiPolicies.Run).ProducesProblems(409)
            .WithSummary("Run the export now (what changed since the last run; everything the first time) and answer its manifest. Idempotency-Key: a retry answers the same run.");
        api.MapGet("/", ListAsync).WithName("ListPowerBiExportRuns").WithSummary("The export's runs, newest first; paginated.");
        api.MapGet("/latest", LatestAsync).WithName("GetLatestPowerBiExportRun")
            .WithSummary("The latest run's manifest: every table's files and row counts (the reconciliation counts) and the watermark.").ProducesProblems(404);
        api.MapGet("/{id}", GetAsync).WithName("GetPowerBiExportRun").WithSummary("One run's manifest.").ProducesProblems(404);
        return app;
    }

    internal static async Task<Results<Created<ExportManifest>, Ok<ExportManifest>>> RunAsync(
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] PowerBiApiServices s)
    {
        var by = s.Http.User.ActingStaff();
        var runId = ExportRuns.NewId(s.Clock.GetUtcNow());
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "runPowerBiExport", new { });
        if (key is not null && await s.Runs.ClaimAsync(key, runId, s.Cancellation) is { } earlier)
        {
            var done = await s.Runs.FindAsync(earlier, s.Cancellation) ?? throw new ConflictException("The run is still under way.",
                $"Export run {earlier}, started with this key, has not finished yet. Ask again in a moment, or read GET /api/exports/powerbi/runs/{earlier}.");
            return Idempotency.CreatedOrReplayed(s.Http, true, $"/api/exports/powerbi/runs/{earlier}", done);
        }
        try
        {
            var manifest = await s.Export.RunAsync(runId, $"manual:{by.Id}", s.Cancellation);
            return Idempotency.CreatedOrReplayed(s.Http, false, $"/api/exports/powerbi/runs/{runId}", manifest);
        }
        catch when (key is not null)
        {
            await s.Runs.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }

    internal static async Task<Ok<Page<ExportRunSummary>>> ListAsync(int? pageSize, string? continuationToken, [AsParameters] PowerBiApiServices s) =>
        TypedResults.Ok(await s.Runs.ListAsync(PageSize.Check(pageSize), continuationToken, s.Cancellation));

    internal static async Task<Ok<ExportManifest>> LatestAsync([AsParameters] PowerBiApiServices s) =>
        TypedResults.Ok((await s.Runs.StateAsync(s.Cancellation)).Latest ?? throw new NotFoundException("The Power BI export has not run yet."));

    internal static async Task<Ok<ExportManifest>> GetAsync(string id, [AsParameters] PowerBiApiServices s) =>
        TypedResults.Ok(await s.Runs.FindAsync(id, s.Cancellation) ?? throw new NotFoundException($"There is no export run {id}."));
}

using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.FieldService;

public sealed record ServiceReportView(ServiceReport Report, int Version);

/// <summary>After-sales service reports (售后服务报告) of major problems: filed by the technical center, received by quality.</summary>
public static class ServiceReportsApi
{
    public const string FilePolicy = "service-report-file";
    public const string ReceivePolicy = "service-report-receive";

    public static IEndpointRouteBuilder MapServiceReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/service-reports").WithTags("Service reports").ProducesProblems(400, 401, 403, 404);
        api.MapPost("/", FileAsync).WithName("FileServiceReport").RequireAuthorization(FilePolicy).ProducesProblems(409)
            .WithSummary("File a major problem's after-sales service report: problem, cause, handling, result, cost, recommendations.");
        api.MapGet("/{id}", GetAsync).WithName("GetServiceReport").WithSummary("A service report, for whoever may see its complaint.");
        api.MapPost("/{id}/receipt", ReceiveAsync).WithName("ReceiveServiceReport").RequireAuthorization(ReceivePolicy)
            .WithSummary("Quality received the report (If-Match); the complaint may then close.").ProducesProblems(Problems.ChangeProblems);
        return app;
    }

    internal static async Task<Results<Created<ServiceReportView>, Ok<ServiceReportView>>> FileAsync(NewServiceReport request,
        [FromHeader(Name = IdempotencyKey.Header)] string? key, ServiceReports reports, HttpContext http)
    {
        var (stored, replayed) = await reports.FileAsync(request, http.User, key, http.RequestAborted);
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/service-reports/{stored.Record.Id}", View(http, stored));
    }

    internal static async Task<Ok<ServiceReportView>> GetAsync(string id, ServiceReports reports, HttpContext http) =>
        TypedResults.Ok(View(http, await reports.LoadAsync(id, http.User, http.RequestAborted)));

    internal static async Task<Ok<ServiceReportView>> ReceiveAsync(string id, ReceiveServiceReport? request, [FromHeader(Name = IdempotencyKey.Header)] string? key,
        ServiceReports reports, HttpContext http)
    {
        var outcome = await reports.ReceiveAsync(id, request ?? new ReceiveServiceReport(null), http.User, () => Versions.FromIfMatch(http.Request), key, http.RequestAborted);
        return Idempotency.Changed(http, outcome.Replayed, View(http, outcome.Stored));
    }

    private static ServiceReportView View(HttpContext http, Stored<ServiceReport> stored)
    {
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return new(stored.Record, stored.Version);
    }
}

using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Reports;

/// <summary>The services the report endpoints use.</summary>
public sealed record ReportApiServices([FromServices] ReportService Reports, HttpContext Http)
{
    public CancellationToken Cancellation => Http.RequestAborted;
}

/// <summary>
/// The supervision reports: <c>GET /api/reports/monthly?month=2026-11</c> and
/// <c>GET /api/reports/semiannual?half=2026-H2</c> (or <c>from</c>/<c>to</c>), narrowed by
/// <c>department</c>, <c>product</c> and <c>grade</c>; <c>format=json</c> (the default),
/// <c>csv</c> (for Excel), <c>html</c> (a printable page with its charts) or <c>document</c> (the
/// printable page's tables as JSON, which the console shows).
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(ReportPolicies.Read).ProducesProblems(400, 401, 403);
        api.MapGet("/monthly", MonthlyAsync).WithName("GetMonthlySupervisionReport")
            .WithSummary("The monthly service supervision report (服务监督报告); a closed month's is stored and answered the same each time unless refresh=true.");
        api.MapGet("/semiannual", SemiAnnualAsync).WithName("GetSemiAnnualStatistics")
            .WithSummary("The semi-annual statistics: the supervision figures, Pareto of products and parts, repeat complaints, CAPAs, returns, 12-month trend.");
        return app;
    }

    public static async Task<Results<Ok<MonthlyReport>, Ok<ReportView>, FileContentHttpResult, ContentHttpResult>> MonthlyAsync(
        string? month, string? format, string? department, string? product, string? grade, bool? refresh, [AsParameters] ReportApiServices s)
    {
        var (period, filter, output) = (ReportPeriod.Month(month), ReportFilter.Parse(department, product, grade), Format(format));
        var report = await s.Reports.MonthlyAsync(period, filter, refresh ?? false, s.Cancellation);
        return output switch
        {
            "csv" => Csv(SupervisionDocuments.Monthly(report), $"supervision-{month}.csv"),
            "html" => Html(s.Http, SupervisionDocuments.Monthly(report)),
            "document" => TypedResults.Ok(ReportView.Of(SupervisionDocuments.Monthly(report))),
            _ => TypedResults.Ok(report),
        };
    }

    public static async Task<Results<Ok<SemiAnnualReport>, Ok<ReportView>, FileContentHttpResult, ContentHttpResult>> SemiAnnualAsync(
        string? half, string? from, string? to, string? format, string? department, string? product, string? grade, [AsParameters] ReportApiServices s)
    {
        var period = half is not null ? ReportPeriod.Half(half)
            : from is not null || to is not null ? ReportPeriod.Range(from, to)
            : throw ValidationException.For("half", "Name the period: half=2026-H2, or from=2026-07&to=2026-12.");
        var (filter, output) = (ReportFilter.Parse(department, product, grade), Format(format));
        var report = await s.Reports.SemiAnnualAsync(period, filter, s.Cancellation);
        var name = $"statistics-{ReportPeriod.Display(period.From)}-{ReportPeriod.Display(period.To)}";
        return output switch
        {
            "csv" => Csv(SupervisionDocuments.SemiAnnual(report), name + ".csv"),
            "html" => Html(s.Http, SupervisionDocuments.SemiAnnual(report)),
            "document" => TypedResults.Ok(ReportView.Of(SupervisionDocuments.SemiAnnual(report))),
            _ => TypedResults.Ok(report),
        };
    }

    /// <summary>The output asked for: json (the default), csv or html.</summary>
    public static string Format(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "json" => "json",
        "csv" => "csv",
        "html" => "html",
        "document" => "document",
        _ => throw ValidationException.For("format", $"'{format}' is not a report format; use json, csv, html or document."),
    };

    public static FileContentHttpResult Csv(ReportDocument doc, string fileName) => TypedResults.File(ReportCsv.Write(doc), ReportCsv.ContentType, fileName);

    public static ContentHttpResult Html(HttpContext http, ReportDocument doc)
    {
        http.Response.Headers.ContentSecurityPolicy = ReportHtml.ContentSecurityPolicy;
        return TypedResults.Content(ReportHtml.Write(doc), ReportHtml.ContentType);
    }
}

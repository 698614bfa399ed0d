using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AfterSales.Surveys;

/// <summary>A survey as staff see it: the record, its version, its late follow-up.</summary>
public sealed record SurveyView(Survey Survey, bool FollowUpOverdue, int Version);

/// <summary>What the survey endpoints use, bound as one parameter.</summary>
public sealed record SurveyApiServices([FromServices] SurveyService Surveys, [FromServices] SurveyAnswers Answers, [FromServices] TimeProvider Clock, [FromServices] IOptions<ServiceOptions> Service, HttpContext Http)
{
    public CancellationToken Cancellation => Http.RequestAborted;

    public SurveyView View(Stored<Survey> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return new(stored.Record, stored.Record.Steps.Any(s => s.IsOverdue(Clock.GetUtcNow())), stored.Version);
    }
}

/// <summary>
/// Satisfaction surveys (顾客满意度调查表) for staff: made on site and filled with the customer,
/// the customer's link, yearly rounds, marketing's follow-up of a low score, the template, and
/// the satisfaction analysis (满意度分析) of any period against the same period last year.
/// </summary>
public static class SurveysApi
{
    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/survey-templates/current", () => TypedResults.Ok(SurveyTemplate.Default)).WithTags("Surveys").WithName("GetSurveyTemplate")
            .WithSummary("The survey form in use: items in zh-CN and English, the scale, its version.").RequireAuthorization(Policies.Staff).ProducesProblems(401, 403);

        var api = app.MapGroup("/api/surveys").WithTags("Surveys").ProducesProblems(400, 401, 403);
        api.MapPost("/", CreateAsync).WithName("CreateSurvey").RequireAuthorization(SurveyPolicies.Fill)
            .WithSummary("A survey to fill on site: about a complaint (the same one its service sends) or for a customer named (Idempotency-Key).");
        api.MapGet("/{id}", GetAsync).WithName("GetSurvey").RequireAuthorization(SurveyPolicies.Fill).WithSummary("A survey by its number (SV-XXXXXXXXXX).").ProducesProblems(404);
        api.MapPost("/{id}/answer", AnswerAsync).WithName("AnswerSurveyOnSite").RequireAuthorization(SurveyPolicies.Fill)
            .WithSummary("The technician fills the survey with the customer on site: scores by item code (If-Match, Idempotency-Key); once.")
            .ProducesProblems(Problems.ChangeProblems);
        api.MapPost("/{id}/link", LinkAsync).WithName("CreateSurveyLink").RequireAuthorization(SurveyPolicies.Marketing)
            .WithSummary("A link for the customer (page: …/page), signed and expiring; send it by SMS or mail.").ProducesProblems(404);
        api.MapPost("/{id}/follow-up", FollowUpAsync).WithName("FollowUpSurvey").RequireAuthorization(SurveyPolicies.Marketing)
            .WithSummary("Marketing's follow-up of a low score: what was done with the customer; closes the work item (If-Match).")
            .ProducesProblems(Problems.ChangeProblems);

        app.MapPost("/api/survey-rounds", StartRoundAsync).WithTags("Surveys").WithName("StartSurveyRound").RequireAuthorization(SurveyPolicies.Rounds)
            .WithSummary("Start the yearly round: a survey for every customer on file; run again, it sends only to those not yet sent.").ProducesProblems(400, 401, 403);

        app.MapGet("/api/reports/satisfaction", SatisfactionAsync).WithTags("Reports").WithName("GetSatisfactionAnalysis").RequireAuthorization(Reports.ReportPolicies.Read)
            .WithSummary("Satisfaction analysis (满意度分析) of from..to (dates, included): every item's average per round, the customer average, the lowest item, against the same period last year; filters department, product, grade; format=json, csv, html or document.")
            .ProducesProblems(400, 401, 403);
        return app;
    }

    internal static async Task<Results<Created<SurveyView>, Ok<SurveyView>>> CreateAsync(NewSurvey request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        [AsParameters] SurveyApiServices s)
    {
        var (stored, existing) = await s.Surveys.CreateAsync(request, s.Http.User, idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, existing, $"/api/surveys/{stored.Record.Id}", s.View(stored));
    }

    internal static async Task<Ok<SurveyView>> GetAsync(string id, [AsParameters] SurveyApiServices s) =>
        TypedResults.Ok(s.View(await s.Surveys.LoadAsync(id, s.Cancellation)));

    internal static async Task<Ok<SurveyView>> AnswerAsync(string id, GivenAnswer? answer, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] SurveyApiServices s)
    {
        var (stored, replayed) = await s.Surveys.AnswerOnSiteAsync(id, answer ?? new(null, null, null), s.Http.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }

    internal static async Task<Ok<SurveyLink>> LinkAsync(string id, [AsParameters] SurveyApiServices s)
    {
        var stored = await s.Surveys.LoadAsync(id, s.Cancellation);
        if (stored.Record.IsAnswered)
        {
            throw new ConflictException("This survey has been answered already.", $"{id} needs no link: it was answered at {stored.Record.Answer!.At:yyyy-MM-dd HH:mm} UTC.");
        }
        return TypedResults.Ok(s.Surveys.Link(stored.Record));
    }

    internal static async Task<Ok<SurveyView>> FollowUpAsync(string id, FollowUp? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] SurveyApiServices s)
    {
        var (stored, replayed) = await s.Surveys.FollowUpAsync(id, request ?? new(null), s.Http.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }

    internal static async Task<Ok<RoundStarted>> StartRoundAsync(NewRound? request, [AsParameters] SurveyApiServices s) =>
        TypedResults.Ok(await s.Surveys.StartRoundAsync(request ?? new(null, null), s.Http.User, s.Cancellation));

    internal static async Task<Results<Ok<SatisfactionReport>, Ok<Reports.ReportView>, FileContentHttpResult, ContentHttpResult>> SatisfactionAsync(
        DateOnly? from, DateOnly? to, string? department, string? product, string? grade, string? format, [AsParameters] SurveyApiServices s)
    {
        var output = Reports.ReportsApi.Format(format);
        var errors = new ErrorList();
        errors.AddIf(from is null, "from", "Give the first day of the period (YYYY-MM-DD).");
        errors.AddIf(to is null, "to", "Give the last day of the period (YYYY-MM-DD).");
        errors.AddIf(from > to, "to", "The period ends before it begins.");
        errors.AddIf(from is not null && to is not null && to.Value.DayNumber - from.Value.DayNumber > 366 * 3, "to", "Ask for at most three years at a time.");
        errors.AddIf(product is not null && (string.IsNullOrWhiteSpace(product) || product.Length > TextLimits.Name), "product", "Name the product.");
        errors.ThrowIfAny();
        var filter = new AnswerFilter(Codes.Parse<Department>(department, "department"), product?.Trim(), Codes.Parse<CustomerGrade>(grade, "grade"));
        var zone = s.Service.Value.Zone();
        var (start, end) = (StartOf(from!.Value, zone), StartOf(to!.Value.AddDays(1), zone));
        var thisPeriod = await s.Answers.ForPeriodAsync(start, end, s.Cancellation);
        var lastYear = await s.Answers.ForPeriodAsync(StartOf(from.Value.AddYears(-1), zone), StartOf(to.Value.AddDays(1).AddYears(-1), zone), s.Cancellation);
        var report = SatisfactionAnalysis.Compare(thisPeriod, lastYear, from.Value, to.Value, filter, s.Surveys.Template);
        return output switch
        {
            "csv" => Reports.ReportsApi.Csv(SatisfactionDocument.Of(report), $"satisfaction-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv"),
            "html" => Reports.ReportsApi.Html(s.Http, SatisfactionDocument.Of(report)),
            "document" => TypedResults.Ok(Reports.ReportView.Of(SatisfactionDocument.Of(report))),
            _ => TypedResults.Ok(report),
        };
    }

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}

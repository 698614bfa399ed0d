using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Revisits;

/// <summary>A delivered product with its next scheduled revisit dates.</summary>
public sealed record DeliveredProductView(DeliveredProduct Product, IReadOnlyList<DateOnly> NextRevisits, int Version);

public sealed record RevisitView(Revisit Revisit, bool Overdue, int Version);

/// <summary>What the revisit endpoints use, bound as one parameter.</summary>
public sealed record RevisitApiServices([FromServices] Revisits Revisits, [FromServices] TimeProvider Clock, HttpContext Http)
{
    public CancellationToken Cancellation => Http.RequestAborted;

    public RevisitView View(Stored<Revisit> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return new(stored.Record, stored.Record.Steps.Any(s => s.IsOverdue(Clock.GetUtcNow())), stored.Version);
    }

    public DeliveredProductView View(Stored<DeliveredProduct> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        var today = Revisits.Today();
        return new(stored.Record, [.. RevisitSchedule.Dates(stored.Record.Delivered, today.AddDays(1), today.AddYears(1)).Take(4)], stored.Version);
    }
}

/// <summary>
/// Revisits (回访) of delivered projects: marketing registers a delivered product, the daily timer
/// opens its revisits (monthly in the first year, quarterly after), each a work item of marketing
/// done with whom they spoke to and what the customer said.
/// </summary>
public static class RevisitsApi
{
    public static IEndpointRouteBuilder MapRevisitsApi(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/delivered-products").WithTags("Revisits").RequireAuthorization(RevisitPolicies.Work).ProducesProblems(400, 401, 403);
        products.MapPost("/", RegisterAsync).WithName("RegisterDeliveredProduct")
            .WithSummary("Register a delivered product (customer, product, serial, delivery date) for scheduled revisits: monthly in the first year, quarterly after.");
        products.MapGet("/{id}", GetProductAsync).WithName("GetDeliveredProduct").WithSummary("A delivered product and its next revisit dates.").ProducesProblems(404);

        var revisits = app.MapGroup("/api/revisits").WithTags("Revisits").RequireAuthorization(RevisitPolicies.Work).ProducesProblems(400, 401, 403);
        revisits.MapGet("/", ListAsync).WithName("ListRevisits")
            .WithSummary("Scheduled revisits: open ones (open=true), of a month (month=YYYYMM), mine only (mine=true: assigned to me); paginated.");
        revisits.MapGet("/{id}", GetAsync).WithName("GetRevisit").WithSummary("A revisit by its number (RV-YYYYMM-XXXXXXXX).").ProducesProblems(404);
        revisits.MapPost("/{id}/outcome", RecordAsync).WithName("RecordRevisitOutcome")
            .WithSummary("Whom they spoke to and what the customer said; closes the revisit's work item (If-Match, Idempotency-Key).")
            .ProducesProblems(Problems.ChangeProblems);
        return app;
    }

    internal static async Task<Results<Created<DeliveredProductView>, Ok<DeliveredProductView>>> RegisterAsync(
        NewDeliveredProduct request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] RevisitApiServices s)
    {
        var (stored, replayed) = await s.Revisits.RegisterAsync(request, s.Http.User, idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/delivered-products/{stored.Record.Id}", s.View(stored));
    }

    internal static async Task<Ok<DeliveredProductView>> GetProductAsync(string id, [AsParameters] RevisitApiServices s) =>
        TypedResults.Ok(s.View(await s.Revisits.LoadProductAsync(id, s.Cancellation)));

    internal static async Task<Ok<Page<RevisitSummary>>> ListAsync(string? month, bool? open, bool? mine, int? pageSize, string? continuationToken, [AsParameters] RevisitApiServices s)
    {
        var errors = new ErrorList();
        errors.AddIf(month is not null && !(month.Length == 6 && month.All(char.IsAsciiDigit) && int.Parse(month[4..], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 12), "month", "month is YYYYMM, e.g. 202612.");
        var size = PageSize.Check(pageSize, errors);
        errors.ThrowIfAny();
        var assignee = mine == true ? s.Http.User.ActingStaff().Id : null;
        return TypedResults.Ok(await s.Revisits.ListAsync(month, open, assignee, size, continuationToken, s.Cancellation));
    }

    internal static async Task<Ok<RevisitView>> GetAsync(string id, [AsParameters] RevisitApiServices s) =>
        TypedResults.Ok(s.View(await s.Revisits.LoadAsync(id, s.Cancellation)));

    internal static async Task<Ok<RevisitView>> RecordAsync(string id, RecordRevisitOutcome? request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] RevisitApiServices s)
    {
        var (stored, replayed) = await s.Revisits.RecordAsync(id, request ?? new(null, null, null), s.Http.User,
            () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
        return Idempotency.Changed(s.Http, replayed, s.View(stored));
    }
}

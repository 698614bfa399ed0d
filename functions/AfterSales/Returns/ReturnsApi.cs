using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Returns;

/// <summary>A return order as the API shows it: the order, its version, its late steps and what can be done next.</summary>
public sealed record ReturnOrderView(ReturnOrder Order, IReadOnlyList<string> OverdueSteps, int Version, IReadOnlyList<string> AllowedActions)
{
    public static ReturnOrderView Of(Stored<ReturnOrder> stored, DateTimeOffset now) =>
        new(stored.Record, [.. stored.Record.Steps.Where(s => s.IsOverdue(now)).Select(s => s.Id)], stored.Version, ReturnRules.AllowedActions(stored.Record));
}

/// <summary>What the return endpoints use, bound as one parameter.</summary>
public sealed record ReturnApiServices([FromServices] ReturnOrders Orders, [FromServices] ReturnIndex Index, [FromServices] TimeProvider Clock, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;

    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>The order as the API shows it, with its version as the ETag.</summary>
    public ReturnOrderView View(Stored<ReturnOrder> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return ReturnOrderView.Of(stored, Clock.GetUtcNow());
    }
}

/// <summary>
/// Return orders (退换货): procurement opens and works them, quality inspects the goods. Every
/// stage's action takes the ETag last read in <c>If-Match</c> (412 stale, 428 missing) and an
/// optional <c>Idempotency-Key</c>; an action the stage does not allow is a 409 naming the stage
/// and the allowed actions.
/// </summary>
public static class ReturnsApi
{
    public static IEndpointRouteBuilder MapReturnsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/returns").WithTags("Returns").RequireAuthorization(ReturnPolicies.Read).ProducesProblems(400, 401, 403);
        api.MapPost("/", OpenAsync).WithName("OpenReturnOrder").RequireAuthorization(ReturnPolicies.Own).ProducesProblems(404, 409)
            .WithSummary("Open a return order (退换货单) for a complaint on the return path: return or exchange, items with delivered, returned and defective quantities.");
        api.MapGet("/", ListAsync).WithName("ListReturnOrders")
            .WithSummary("Open return orders (or a month's with month=YYYYMM, or the ended ones with open=false), newest first, by stage, kind and overdue; paginated.");
        api.MapGet("/{id}", GetAsync).WithName("GetReturnOrder").WithSummary("A return order by its authorisation number (TH-YYYYMM-NNNN-R).").ProducesProblems(404);
        api.MapGet("/{id}/timeline", TimelineAsync).WithName("GetReturnOrderTimeline")
            .WithSummary("Every change to a return order: who, when, what and why, in order.").ProducesProblems(404);
        Action(api, "shipment", "RecordReturnShipment", "Pickup arranged or the customer's shipment announced: method, carrier, tracking number.",
            ReturnPolicies.Own, (RecordShipment r) => r);
        Action(api, "receipt", "RecordReturnReceipt", "The goods arrived: quantity received per part (as authorised unless given).",
            ReturnPolicies.Own, (RecordReceipt r) => r);
        Action(api, "inspection", "RecordReturnInspection", "Quality's inspection of the returned goods: result, responsibility, findings, defective per part.",
            ReturnPolicies.Inspect, (RecordInspection r) => r);
        Action(api, "replacement", "ShipReplacement", "An exchange: the replacement shipped, with carrier and tracking number.",
            ReturnPolicies.Own, (ShipReplacement r) => r);
        Action(api, "refund", "PayRefund", "A return: the refund paid (amount, currency, reference).",
            ReturnPolicies.Own, (PayRefund r) => r);
        Action(api, "closure", "CloseReturnOrder", "The customer has the replacement or refund: close the order.",
            ReturnPolicies.Own, (CloseReturn r) => r);
        Action(api, "cancellation", "CancelReturnOrder", "Cancel the order before settlement, with the reason.",
            ReturnPolicies.Own, (CancelReturn r) => r);
        return app;
    }

    internal static async Task<Results<Created<ReturnOrderView>, Ok<ReturnOrderView>>> OpenAsync(
        NewReturnOrder request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] ReturnApiServices s)
    {
        var (stored, replayed) = await s.Orders.OpenAsync(request, s.User, idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/returns/{stored.Record.Id}", s.View(stored));
    }

    internal static async Task<Ok<Page<ReturnSummary>>> ListAsync(
        string? month, bool? open, string? stage, string? kind, bool? overdue, int? pageSize, string? continuationToken, [AsParameters] ReturnApiServices s)
    {
        var errors = new ErrorList();
        errors.AddIf(month is not null && !IsMonth(month), "month", "month is YYYYMM, e.g. 202611.");
        var size = PageSize.Check(pageSize, errors);
        errors.ThrowIfAny();
        var query = new ReturnQuery(month, open, Codes.Parse<ReturnStage>(stage, "stage"), Codes.Parse<ReturnKind>(kind, "kind"), overdue);
        return TypedResults.Ok(await s.Index.ListAsync(query, size, continuationToken, s.Cancellation));
    }

    internal static async Task<Ok<ReturnOrderView>> GetAsync(string id, [AsParameters] ReturnApiServices s) =>
        TypedResults.Ok(s.View(await s.Orders.LoadAsync(id, s.Cancellation)));

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> TimelineAsync(string id, [AsParameters] ReturnApiServices s)
    {
        await s.Orders.LoadAsync(id, s.Cancellation);
        return TypedResults.Ok(await s.Orders.Store.GetEventsAsync(id, s.Cancellation));
    }

    // Bodies are optional (closure may be posted empty).
    private static RouteHandlerBuilder Action<TRequest>(RouteGroupBuilder api, string action, string name, string summary, string policy, Func<TRequest, ReturnCommand> command)
        where TRequest : class =>
        api.MapPost($"/{{id}}/{action}", async (string id, TRequest? request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, [AsParameters] ReturnApiServices s) =>
            {
                var body = request ?? System.Text.Json.JsonSerializer.Deserialize<TRequest>("{}", Json.Options)!;
                var (stored, replayed) = await s.Orders.ExecuteAsync(id, command(body), s.User, () => Versions.FromIfMatch(s.Http.Request), idempotencyKey, s.Cancellation);
                return Idempotency.Changed(s.Http, replayed, s.View(stored));
            })
            .WithName(name).WithSummary(summary).ProducesProblems(Problems.ChangeProblems).RequireAuthorization(policy);

    private static bool IsMonth(string s) =>
        s.Length == 6 && s.All(char.IsAsciiDigit) && int.Parse(s[4..], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 12;
}

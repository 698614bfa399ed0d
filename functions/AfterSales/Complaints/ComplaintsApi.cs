using System.Security.Claims;
using System.Text.RegularExpressions;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Complaints;

/// <summary>What the complaint endpoints use, bound as one parameter.</summary>
public sealed record ComplaintApiServices([FromServices] ComplaintService Complaints, [FromServices] ComplaintIntake Intake, [FromServices] ComplaintIndex Index, HttpContext Http)
{
    public ClaimsPrincipal User => Http.User;

    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>The complaint as the API shows it, with its version as the ETag.</summary>
    public ComplaintView View(Stored<Complaint> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return ComplaintView.Of(stored, Complaints.Now, Complaints.Rules, User);
    }
}

public sealed record FollowUpRequest(string? Description, Channel? Channel, Staff? TakenBy);

public static partial class ComplaintsApi
{
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/complaints").WithTags("Complaints").RequireAuthorization(Access.Policies.Staff)
            .ProducesProblems(400, 401, 403);
        api.MapPost("/", TakeAsync).WithName("TakeComplaint")
            .WithSummary("Take a complaint or request (投诉受理); the employee who takes it becomes its first-contact owner.");
        api.MapGet("/", ListAsync).WithName("ListComplaints")
            .WithSummary("Complaints, newest first, filtered by month (YYYYMM), state, path, department, customerId, owner, overdue and urgent; paginated.");
        api.MapGet("/{number}", GetAsync).WithName("GetComplaint").WithSummary("A complaint by its number (KS-YYYYMM-NNNN).")
            .ProducesProblems(404);
        api.MapGet("/{number}/timeline", TimelineAsync).WithName("GetComplaintTimeline")
            .WithSummary("Every change: who, when, what (the typed event data) and why, in order.").ProducesProblems(404);
        api.MapPost(ComplaintActions.Pattern("followUp"), FollowUpAsync).WithName(ComplaintActions.Route("followUp").Operation)
            .WithSummary("After the reopen grace period: a new complaint linked to this one.").ProducesProblems(404, 409);
        ComplaintActionsApi.Map(api);
        return app;
    }

    internal static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>>> TakeAsync(
        IntakeRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, FirstContactOwners owners, [AsParameters] ComplaintApiServices s)
    {
        // The first-contact owner is whoever received the request: a known colleague named in the
        // body when the signed-in employee records it for them, otherwise the signed-in employee.
        request = request with { TakenBy = await owners.ResolveAsync(s.User, request.TakenBy, s.Cancellation) };
        var (stored, replayed) = await s.Intake.TakeAsync(request, new IntakeContext(idempotencyKey, RecordedBy: s.User.ActingStaff()), s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/complaints/{stored.Record.Number}", s.View(stored));
    }

    internal static async Task<Ok<Page<ComplaintSummary>>> ListAsync(
        string? month, string? state, string? path, string? department, string? customerId, string? owner, bool? overdue, bool? urgent,
        int? pageSize, string? continuationToken, [AsParameters] ComplaintApiServices s)
    {
        var errors = new ErrorList();
        errors.AddIf(month is not null && !MonthPattern().IsMatch(month), "month", "month is YYYYMM, e.g. 202611.");
        Department? d = null;
        if (department is not null)
        {
            if (Departments.TryParse(department, out var parsed))
            {
                d = parsed;
            }
            else
            {
                errors.Add("department", $"There is no department '{department}'; departments: {Departments.All}.");
            }
        }
        var size = PageSize.Check(pageSize, errors);
        errors.ThrowIfAny();
        var query = new ComplaintQuery(month, Codes.Parse<ComplaintState>(state, "state"), Codes.Parse<HandlingPath>(path, "path"), d, customerId, owner, overdue, urgent);
        ComplaintAccess.DemandList(s.User, query);
        return TypedResults.Ok(await s.Index.ListAsync(query, size, continuationToken, s.Cancellation));
    }

    internal static async Task<Ok<ComplaintView>> GetAsync(string number, [AsParameters] ComplaintApiServices s) =>
        TypedResults.Ok(s.View(await s.Complaints.LoadAsync(number, s.User, s.Cancellation)));

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> TimelineAsync(string number, [AsParameters] ComplaintApiServices s)
    {
        await s.Complaints.LoadAsync(number, s.User, s.Cancellation);
        return TypedResults.Ok(await s.Complaints.Store.GetEventsAsync(number, s.Cancellation));
    }

    internal static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>>> FollowUpAsync(
        string number, FollowUpRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, FirstContactOwners owners, [AsParameters] ComplaintApiServices s)
    {
        var earlier = await s.Complaints.LoadAsync(number, s.User, s.Cancellation);
        var c = earlier.Record;
        var allowed = ComplaintLifecycle.AllowedActions(c, s.Complaints.Now, s.Complaints.Rules);
        if (!allowed.Any(a => a.Name == "followUp"))
        {
            throw ComplaintLifecycle.Refusal(c, "followUp", allowed, c.State == ComplaintState.Closed
                ? $"{number} is still within its reopen grace period: reopen it instead."
                : $"{number} is not closed; work on it instead of creating a follow-up.");
        }
        var intakeRequest = new IntakeRequest(c.Kind, request.Channel ?? c.Channel, c.Customer, c.Details.Product, c.Details.OrderNumber, c.Details.PartNumber,
            c.Details.ShippingDate, c.Details.Quantity, c.Details.DefectiveQuantity, c.Details.CustomerDemand,
            request.Description, await owners.ResolveAsync(s.User, request.TakenBy, s.Cancellation));
        var (stored, replayed) = await s.Intake.TakeAsync(intakeRequest, new IntakeContext(idempotencyKey, s.User.ActingStaff(), FollowUpOf: number), s.Cancellation);
        await s.Complaints.ExecuteAsSystemAsync(number, new LinkComplaint(stored.Record.Number, "Follow-up complaint"), _ => true, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/complaints/{stored.Record.Number}", s.View(stored));
    }

    [GeneratedRegex(@"^\d{4}(0[1-9]|1[0-2])$")]
    private static partial Regex MonthPattern();
}

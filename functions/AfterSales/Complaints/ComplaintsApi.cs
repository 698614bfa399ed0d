using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Departments;
using AfterSales.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Complaints;

public static class ComplaintsApi
{
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/complaints").WithTags("Complaints").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/", TakeAsync).WithName("TakeComplaint")
            .WithSummary("Take a complaint or request (投诉受理); the employee who takes it becomes its first-contact owner.");
        api.MapGet("/", ListAsync).WithName("ListComplaints")
            .WithSummary("Complaints, newest first, filtered by month (YYYYMM), state, path, department, customerId, owner and overdue; paginated.");
        api.MapGet("/{number}", GetAsync).WithName("GetComplaint").WithSummary("A complaint by its number (KS-YYYYMM-NNNN).");
        api.MapGet("/{number}/timeline", TimelineAsync).WithName("GetComplaintTimeline").WithSummary("Every change: who, when, what and why, in order.");
        api.MapPost("/{number}/follow-ups", FollowUpAsync).WithName("FollowUpComplaint")
            .WithSummary("After the reopen grace period: a new complaint linked to this one.");
        ComplaintActionsApi.Map(api);
        return app;
    }

    internal static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>>> TakeAsync(
        IntakeRequest request,
        [FromHeader(Name = Idempotency.KeyHeader)] string? idempotencyKey,
        ComplaintIntake intake,
        ComplaintService complaints,
        ClaimsPrincipal user,
        HttpContext http,
        CancellationToken ct)
    {
        // The first-contact owner is whoever received the request: named in the body when a
        // colleague records it for them, otherwise the signed-in employee.
        request = request with { TakenBy = request.TakenBy ?? user.ActingStaff() };
        var (stored, replayed) = await intake.TakeAsync(request, new IntakeContext(idempotencyKey, RecordedBy: user.ActingStaff()), ct);
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/complaints/{stored.Complaint.Number}", View(stored, complaints, http));
    }

    internal static async Task<Results<Ok<Page<ComplaintSummary>>, ProblemHttpResult>> ListAsync(
        string? month, string? state, string? path, string? department, string? customerId, string? owner, bool? overdue,
        int? pageSize, string? continuationToken, ComplaintList list, ClaimsPrincipal user, CancellationToken ct)
    {
        if (month is not null && !System.Text.RegularExpressions.Regex.IsMatch(month, @"^\d{4}(0[1-9]|1[0-2])$"))
        {
            return Problems.BadRequest("month is YYYYMM, e.g. 202611.");
        }
        Department? d = null;
        if (department is not null)
        {
            if (!Departments.Departments.TryParse(department, out var parsed))
            {
                return Problems.BadRequest($"There is no department '{department}'.");
            }
            d = parsed;
        }
        if (pageSize is < 1 or > 200)
        {
            return Problems.BadRequest("pageSize must be between 1 and 200.");
        }
        if (!ComplaintAccess.CanList(user, d, owner))
        {
            return ComplaintAccess.RefusedList();
        }
        var query = new ComplaintQuery(month, EnumQuery.Parse<ComplaintState>(state, "state"), EnumQuery.Parse<HandlingPath>(path, "path"), d, customerId, owner, overdue);
        var (items, next) = await list.ListAsync(query, pageSize ?? 50, continuationToken, ct);
        return TypedResults.Ok(new Page<ComplaintSummary>(items, next));
    }

    internal static async Task<Ok<ComplaintView>> GetAsync(string number, ComplaintStore store, ComplaintService complaints, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var stored = await Load(number, store, user, ct);
        return TypedResults.Ok(View(stored, complaints, http));
    }

    internal static async Task<Ok<IReadOnlyList<ComplaintEvent>>> TimelineAsync(string number, ComplaintStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        await Load(number, store, user, ct);
        return TypedResults.Ok(await store.GetEventsAsync(number, ct));
    }

    internal static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>>> FollowUpAsync(
        string number, FollowUpRequest request, [FromHeader(Name = Idempotency.KeyHeader)] string? idempotencyKey,
        ComplaintStore store, ComplaintIntake intake, ComplaintService complaints, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var earlier = await Load(number, store, user, ct);
        var allowed = ComplaintLifecycle.AllowedActions(earlier.Complaint, complaints.Now, complaints.Rules);
        if (!allowed.Contains("followUp"))
        {
            throw new InvalidTransitionException(number, earlier.Complaint.State, "followUp", allowed,
                earlier.Complaint.State == ComplaintState.Closed
                    ? $"{number} is still within its reopen grace period: reopen it instead."
                    : $"{number} is not closed; work on it instead of creating a follow-up.");
        }
        var c = earlier.Complaint;
        var intakeRequest = new IntakeRequest(c.Kind, request.Channel ?? c.Channel, c.Customer, c.Details.Product, c.Details.OrderNumber, c.Details.PartNumber,
            c.Details.ShippingDate, c.Details.Quantity, c.Details.DefectiveQuantity, c.Details.CustomerDemand,
            request.Description, request.TakenBy ?? user.ActingStaff());
        var (stored, replayed) = await intake.TakeAsync(intakeRequest, new IntakeContext(idempotencyKey, user.ActingStaff(), FollowUpOf: number), ct);
        await complaints.ExecuteAsSystemAsync(number, new LinkComplaint(stored.Complaint.Number, "Follow-up complaint"), _ => true, ct);
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/complaints/{stored.Complaint.Number}", View(stored, complaints, http));
    }

    /// <summary>The complaint, if it exists and the user may see it (else 404 / 403).</summary>
    internal static async Task<StoredComplaint> Load(string number, ComplaintStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!ComplaintNumber.IsValid(number))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["number"] = [$"'{number}' is not a complaint number; numbers look like KS-202611-0042."] });
        }
        var stored = await store.GetAsync(number, ct) ?? throw new ComplaintNotFoundException(number);
        ComplaintAccess.Demand(user, stored.Complaint);
        return stored;
    }

    internal static ComplaintView View(StoredComplaint stored, ComplaintService complaints, HttpContext http)
    {
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return ComplaintView.Of(stored, complaints.Now, complaints.Rules);
    }
}

public sealed record FollowUpRequest(string? Description, Channel? Channel, Staff? TakenBy);

using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Complaints;

public static class ComplaintsApi
{
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/complaints").WithTags("Complaints").RequireAuthorization(Policies.Staff);
        api.MapPost("/", TakeAsync).WithName("TakeComplaint")
            .WithSummary("Take a complaint or request (投诉受理); the employee who takes it becomes its first-contact owner.");
        api.MapGet("/{number}", GetAsync).WithName("GetComplaint").WithSummary("A complaint by its number (KS-YYYYMM-NNNN).");
        return app;
    }

    internal static async Task<Results<Created<Complaint>, Ok<Complaint>>> TakeAsync(
        IntakeRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ComplaintIntake intake,
        ClaimsPrincipal user,
        HttpContext http,
        CancellationToken ct)
    {
        // The first-contact owner is whoever received the request: named in the body when a
        // colleague records it for them, otherwise the signed-in employee.
        request = request with { TakenBy = request.TakenBy ?? user.ActingStaff() };
        var (stored, replayed) = await intake.TakeAsync(request, string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey, ct);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        if (replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(stored.Complaint);
        }
        return TypedResults.Created($"/api/complaints/{stored.Complaint.Number}", stored.Complaint);
    }

    internal static async Task<Results<Ok<Complaint>, ProblemHttpResult>> GetAsync(string number, ComplaintStore store, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (!ComplaintNumber.IsValid(number))
        {
            return Problems.BadRequest($"'{number}' is not a complaint number; numbers look like KS-202611-0042.");
        }
        var stored = await store.GetAsync(number, ct);
        if (stored is null)
        {
            return Problems.NotFound($"There is no complaint {number}.");
        }
        if (!ComplaintAccess.CanRead(user, stored.Complaint))
        {
            return ComplaintAccess.Refused(number);
        }
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return TypedResults.Ok(stored.Complaint);
    }
}

using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.FieldService;

/// <summary>A visit as the API shows it, with its version (also the ETag).</summary>
public sealed record VisitView(Visit Visit, int Version);

public sealed record AddTechnicianRequest(Staff? Technician);

/// <summary>
/// Field visits: opened by the complaint's dispatch; the technician's own list, the card saved as
/// drafts (<c>PUT …/card</c>) and completed with the signed card. Changes take <c>If-Match</c>.
/// </summary>
public static class VisitsApi
{
    public static IEndpointRouteBuilder MapVisitsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/visits").WithTags("Field visits").ProducesProblems(400, 401, 403);
        api.MapGet("/mine", MineAsync).WithName("ListMyVisits")
            .WithSummary("The signed-in technician's visits not yet completed, earliest due first (overdue ones lead).");
        api.MapGet("/", OfComplaintAsync).WithName("ListVisitsOfComplaint")
            .WithSummary("The visits of a complaint (complaintNumber), paged (pageSize, continuationToken); a technician sees those they are on.");
        api.MapGet("/{id}", GetAsync).WithName("GetVisit").WithSummary("A field visit with its card, charges and steps.").ProducesProblems(404);
        api.MapPut("/{id}/card", SaveCardAsync).WithName("SaveServiceCard")
            .WithSummary("Save the service record card (对外技术服务记录卡) as filled so far: only the fields sent change; arrivedAt puts the visit on site.")
            .ProducesProblems(Problems.ChangeProblems);
        api.MapPost("/{id}/technicians", AddTechnicianAsync).WithName("AddVisitTechnician")
            .WithSummary("Send a second technician on the visit (one or two).").ProducesProblems(Problems.ChangeProblems);
        api.MapPost("/{id}/completion", CompleteAsync).WithName("CompleteVisit")
            .WithSummary("Complete the visit: the card whole, the customer's verdict and the signed card attached; the charges computed.")
            .ProducesProblems(Problems.ChangeProblems);
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<MyVisit>>> MineAsync(Visits visits, HttpContext http) =>
        TypedResults.Ok(await visits.MineAsync(http.User, http.RequestAborted));

    internal static async Task<Ok<Page<FieldWorkSummary>>> OfComplaintAsync(string? complaintNumber, int? pageSize, string? continuationToken, Visits visits, HttpContext http) =>
        TypedResults.Ok(await visits.OfComplaintAsync(complaintNumber ?? "", http.User, pageSize, continuationToken, http.RequestAborted));

    internal static async Task<Ok<VisitView>> GetAsync(string id, Visits visits, HttpContext http) =>
        TypedResults.Ok(View(http, await visits.LoadAsync(id, http.User, http.RequestAborted)));

    internal static async Task<Ok<VisitView>> SaveCardAsync(string id, ServiceCardDraft draft, [FromHeader(Name = IdempotencyKey.Header)] string? key, Visits visits, HttpContext http) =>
        Answer(http, await visits.SaveCardAsync(id, draft, http.User, () => Versions.FromIfMatch(http.Request), key, http.RequestAborted));

    internal static async Task<Ok<VisitView>> AddTechnicianAsync(string id, AddTechnicianRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? key, Visits visits, HttpContext http) =>
        Answer(http, await visits.AddTechnicianAsync(id, request.Technician, http.User, () => Versions.FromIfMatch(http.Request), key, http.RequestAborted));

    internal static async Task<Ok<VisitView>> CompleteAsync(string id, [FromHeader(Name = IdempotencyKey.Header)] string? key, Visits visits, HttpContext http) =>
        Answer(http, await visits.CompleteAsync(id, http.User, () => Versions.FromIfMatch(http.Request), key, http.RequestAborted));

    private static Ok<VisitView> Answer(HttpContext http, ChangeOutcome<Visit> outcome)
    {
        return Idempotency.Changed(http, outcome.Replayed, View(http, outcome.Stored));
    }

    private static VisitView View(HttpContext http, Stored<Visit> stored)
    {
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return new(stored.Record, stored.Version);
    }
}

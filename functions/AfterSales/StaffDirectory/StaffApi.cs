using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.StaffDirectory;

/// <summary>A member of staff as the API shows them, with their version (the ETag).</summary>
public sealed record StaffMemberView(string Id, string Name, Department Department, string? Title, bool Active, int? Version = null)
{
    public static StaffMemberView Of(StaffMember m, int? version = null) => new(m.Id, m.Name, m.Department, m.Title, m.Active, version);
}

/// <summary>
/// The directory's endpoints: admins add and change members; anyone on staff looks colleagues up
/// (to name the colleague they record a complaint for).
/// </summary>
public static class StaffApi
{
    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/staff").WithTags("Staff").ProducesProblems(400, 401, 403);
        api.MapPost("/", AddAsync).WithName("AddStaffMember").RequireAuthorization(Policies.Admin).ProducesProblems(409)
            .WithSummary("Add a member of staff (id = their sign-in's object id, name, home department); with an Idempotency-Key a retry answers the same member.");
        api.MapPut("/{id}", UpdateAsync).WithName("UpdateStaffMember").RequireAuthorization(Policies.Admin).ProducesProblems(404, 412, 428)
            .WithSummary("Change a member (If-Match: their ETag); active: false when they leave.");
        api.MapGet("/", ListAsync).WithName("ListStaff")
            .WithSummary("Members of staff by department (active ones unless includeInactive=true), paginated.");
        api.MapGet("/{id}", GetAsync).WithName("GetStaffMember").WithSummary("A member of staff.").ProducesProblems(404);
        api.MapGet("/{id}/history", HistoryAsync).WithName("GetStaffMemberHistory").RequireAuthorization(Policies.Admin).ProducesProblems(404)
            .WithSummary("Every change to a member: who, when, what.");
        return app;
    }

    internal static async Task<Results<Created<StaffMemberView>, Ok<StaffMemberView>>> AddAsync(
        StaffMemberInput input, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, StaffMembers staff, HttpContext http)
    {
        var (stored, replayed) = await staff.AddAsync(input, http.User.ActingStaff(), idempotencyKey, http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/staff/{Uri.EscapeDataString(stored.Record.Id)}", StaffMemberView.Of(stored.Record, stored.Version));
    }

    internal static async Task<Ok<StaffMemberView>> UpdateAsync(string id, StaffMemberInput input, StaffMembers staff, HttpContext http)
    {
        var (stored, _) = await staff.UpdateAsync(id, input, http.User.ActingStaff(), () => Versions.FromIfMatch(http.Request), http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return TypedResults.Ok(StaffMemberView.Of(stored.Record, stored.Version));
    }

    internal static async Task<Ok<Page<StaffMemberView>>> ListAsync(
        string? department, bool? includeInactive, int? pageSize, string? continuationToken, StaffMembers staff, CancellationToken ct)
    {
        var errors = new ErrorList();
        Department? d = null;
        if (department is not null)
        {
            errors.AddIf(!Departments.TryParse(department, out var parsed), "department", $"There is no department '{department}'; departments: {Departments.All}.");
            d = parsed;
        }
        var size = PageSize.Check(pageSize, errors);
        errors.ThrowIfAny();
        var page = await staff.ListAsync(d, includeInactive ?? false, size, continuationToken, ct);
        return TypedResults.Ok(new Page<StaffMemberView>([.. page.Items.Select(m => StaffMemberView.Of(m))], page.ContinuationToken));
    }

    internal static async Task<Ok<StaffMemberView>> GetAsync(string id, StaffMembers staff, HttpContext http)
    {
        var stored = await staff.GetAsync(id, http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return TypedResults.Ok(StaffMemberView.Of(stored.Record, stored.Version));
    }

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> HistoryAsync(string id, StaffMembers staff, CancellationToken ct)
    {
        var stored = await staff.GetAsync(id, ct);
        return TypedResults.Ok(await staff.Store.GetEventsAsync(stored.Record.Id, ct));
    }
}

using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.WorkItems;

/// <summary>A department's inbox is worked by its members; supervisors, management and admins look in.</summary>
public static class DepartmentAccess
{
    public static bool CanReadInbox(ClaimsPrincipal user, Department department) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Of(department)) || user.Oversees() || user.IsInRole(Roles.Admin));

    public static void DemandInbox(ClaimsPrincipal user, Department department)
    {
        if (!CanReadInbox(user, department))
        {
            throw new AccessDeniedException($"The {department.Code()} inbox is open to {department.Code()} staff, supervisors, management and admins.");
        }
    }
}

public static class InboxApi
{
    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/departments/{department}/inbox", ListAsync).WithTags("Departments").WithName("GetDepartmentInbox")
            .WithSummary("A department's open work items of every kind, earliest due first; filter with state=open|paused and overdue=true.")
            .RequireAuthorization(Policies.Staff)
            .ProducesProblems(400, 401, 403, 404);
        return app;
    }

    internal static async Task<Ok<Page<InboxItem>>> ListAsync(
        string department, string? state, bool? overdue, int? pageSize, string? continuationToken, Inbox inbox, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Departments.TryParse(department, out var d))
        {
            throw new NotFoundException($"There is no department '{department}'. Departments: {Departments.All}.");
        }
        DepartmentAccess.DemandInbox(user, d);
        var size = PageSize.Check(pageSize);
        var filter = (state?.ToLowerInvariant(), overdue) switch
        {
            (null or "open", true) => InboxFilter.Overdue,
            ("paused", true) => (InboxFilter?)null,
            (null, _) => InboxFilter.All,
            ("open", _) => InboxFilter.Open,
            ("paused", _) => InboxFilter.Paused,
            _ => null,
        } ?? throw ValidationException.For("state", "state is open or paused; overdue=true lists open steps past their due time (paused steps are never overdue).");
        return TypedResults.Ok(await inbox.ListAsync(d, filter, size, continuationToken, ct));
    }
}

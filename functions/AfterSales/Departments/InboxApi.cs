using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Departments;

/// <summary>A page of results and the token that fetches the next one (absent on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public static class InboxApi
{
    public static IEndpointRouteBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/departments/{department}/inbox", ListAsync).WithTags("Departments").WithName("GetDepartmentInbox")
            .WithSummary("A department's open steps, earliest due first; filter with state=open|paused and overdue=true.")
            .RequireAuthorization(Policies.Staff);
        return app;
    }

    internal static async Task<Results<Ok<Page<InboxItem>>, ProblemHttpResult>> ListAsync(
        string department, string? state, bool? overdue, int? pageSize, string? continuationToken, Inbox inbox, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Departments.TryParse(department, out var d))
        {
            return Problems.NotFound($"There is no department '{department}'. Departments: {string.Join(", ", Enum.GetValues<Department>().Select(x => x.Code()))}.");
        }
        if (!DepartmentAccess.CanReadInbox(user, d))
        {
            return DepartmentAccess.Refused(d);
        }
        if (pageSize is < 1 or > 200)
        {
            return Problems.BadRequest("pageSize must be between 1 and 200.");
        }
        var filter = (state?.ToLowerInvariant(), overdue) switch
        {
            (null or "open", true) => InboxFilter.Overdue,
            ("paused", true) => (InboxFilter?)null,
            (null, _) => InboxFilter.All,
            ("open", _) => InboxFilter.Open,
            ("paused", _) => InboxFilter.Paused,
            _ => null,
        };
        if (filter is null)
        {
            return Problems.BadRequest("state is open or paused; overdue=true lists open steps past their due time (paused steps are never overdue).");
        }
        var (items, next) = await inbox.ListAsync(d, filter.Value, pageSize ?? 50, continuationToken, ct);
        return TypedResults.Ok(new Page<InboxItem>(items, next));
    }
}

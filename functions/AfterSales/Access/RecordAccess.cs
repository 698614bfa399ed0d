using System.Security.Claims;
using AfterSales.Complaints;
using AfterSales.Departments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Access;

/// <summary>
/// Who may see a complaint: its first-contact owner (首问责任人, always), the departments it has
/// been routed to, supervisors and management. Everyone else is refused, admins included: the
/// record holds a customer's name, phone and problems.
/// </summary>
public static class ComplaintAccess
{
    public static bool CanRead(ClaimsPrincipal user, Complaint complaint)
    {
        if (user.ToStaff() is not { } me)
        {
            return false;
        }
        return complaint.FirstContactOwner.Id == me.Id
            || complaint.RecordedBy?.Id == me.Id
            || user.IsInRole(Roles.Supervisor)
            || user.IsInRole(Roles.Management)
            || complaint.Steps.Any(s => user.IsInRole(Roles.Of(s.Department)))
            || complaint.Technician?.Id == me.Id
            || complaint.Steps.Any(s => s.IsOpen && s.Assignee?.Id == me.Id);
    }

    /// <summary>Refuses (403) a complaint the user may not see; for handlers that work by exceptions.</summary>
    public static void Demand(ClaimsPrincipal user, Complaint complaint)
    {
        if (!CanRead(user, complaint))
        {
            throw new AccessDeniedException(WhoSees(complaint.Number));
        }
    }

    /// <summary>
    /// Lists: supervisors and management see every complaint; others list their own department's
    /// (<c>department=</c>) or their own first contacts (<c>owner=</c> their id).
    /// </summary>
    public static bool CanList(ClaimsPrincipal user, Department? department, string? ownerId) =>
        user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Management)
        || (department is { } d && user.IsInRole(Roles.Of(d)))
        || (ownerId is not null && user.ToStaff()?.Id == ownerId);

    public static ProblemHttpResult RefusedList() => Forbidden.Because(
        "List your department's complaints (department=) or your own first contacts (owner=your id); supervisors and management list all.");

    /// <summary>The 403 answer for a complaint the user may not see.</summary>
    public static ProblemHttpResult Refused(string number) => Forbidden.Because(WhoSees(number));

    private static string WhoSees(string number) =>
        $"{number} is visible to its first-contact owner and whoever recorded it for them, the departments it is routed to, its technician and assignees, supervisors and management.";
}

/// <summary>A department's inbox is worked by its members; supervisors, management and admins look in.</summary>
public static class DepartmentAccess
{
    public static bool CanReadInbox(ClaimsPrincipal user, Department department) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Of(department)) || user.IsInRole(Roles.Supervisor)
            || user.IsInRole(Roles.Management) || user.IsInRole(Roles.Admin));

    public static ProblemHttpResult Refused(Department department) => Forbidden.Because(
        $"The {department.Code()} inbox is open to {department.Code()} staff, supervisors, management and admins.");
}

/// <summary>A technician sees and fills only the field visits assigned to them.</summary>
public static class FieldVisitAccess
{
    public static bool IsAssignedTo(ClaimsPrincipal user, Staff technician) =>
        user.ToStaff() is { } me && me.Id == technician.Id;
}

/// <summary>The user may not do this to this record (answered 403 by ProblemHandling).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>403 with problem details, for refusals decided inside an endpoint.</summary>
public static class Forbidden
{
    public static ProblemHttpResult Because(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.");
}

using System.Security.Claims;
using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>
/// Who may see a complaint: its first-contact owner (首问责任人, always) and whoever recorded it
/// for them, the departments it has been routed to, its technician and assignees, supervisors and
/// management. Everyone else is refused, admins included: the record holds a customer's name,
/// phone and problems.
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
            || user.Oversees()
            || complaint.Steps.Any(s => user.IsInRole(Roles.Of(s.Department)))
            || complaint.Technician?.Id == me.Id
            || complaint.Steps.Any(s => s.IsOpen && s.Assignee?.Id == me.Id);
    }

    /// <summary>Refuses (403) a complaint the user may not see.</summary>
    public static void Demand(ClaimsPrincipal user, Complaint complaint)
    {
        if (!CanRead(user, complaint))
        {
            throw new AccessDeniedException(
                $"{complaint.Number} is visible to its first-contact owner and whoever recorded it for them, the departments it is routed to, its technician and assignees, supervisors and management.");
        }
    }

    /// <summary>
    /// Lists: supervisors and management see every complaint; others list their own department's
    /// (<c>department=</c>) or their own first contacts (<c>owner=</c> their id).
    /// </summary>
    public static void DemandList(ClaimsPrincipal user, Department? department, string? ownerId)
    {
        if (!(user.Oversees() || (department is { } d && user.IsInRole(Roles.Of(d))) || (ownerId is not null && user.ToStaff()?.Id == ownerId)))
        {
            throw new AccessDeniedException(
                "List your department's complaints (department=) or your own first contacts (owner=your id); supervisors and management list all.");
        }
    }
}

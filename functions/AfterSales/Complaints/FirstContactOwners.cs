using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.StaffDirectory;

namespace AfterSales.Complaints;

/// <summary>
/// Who becomes a complaint's first-contact owner (首问责任人): the signed-in employee, or the
/// colleague they record it for. A colleague must be an active member of the staff directory whom
/// the recorder may act for: someone of a department the recorder works in, or anyone for those
/// who oversee (supervisors, management). The name recorded is the directory's, not as typed.
/// </summary>
public sealed class FirstContactOwners(StaffMembers directory)
{
    public async Task<Staff> ResolveAsync(ClaimsPrincipal user, Staff? takenBy, CancellationToken ct)
    {
        var me = user.ActingStaff();
        if (takenBy is null || TextLimits.IsBlank(takenBy.Id) || takenBy.Id.Trim() == me.Id)
        {
            return me;
        }
        var member = await directory.FindRecentAsync(takenBy.Id, ct);
        if (member is not { Active: true })
        {
            throw ValidationException.For("takenBy.id",
                $"'{takenBy.Id}' is not an active member of the staff directory (GET /api/staff); name a known colleague, or leave takenBy out to take it yourself.");
        }
        if (!(user.Oversees() || user.IsInRole(Roles.Of(member.Department))))
        {
            throw new AccessDeniedException(
                $"{member.Name} works in {member.Department.Code()}: you may record complaints for colleagues of your own department (supervisors and management for anyone).");
        }
        return member.AsStaff();
    }
}

using System.Security.Claims;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>
/// Who may work a step: its owning department's members, the person it is assigned to, and the
/// roles its record kind names for that action (supervisors, say). Seeing a record is not enough
/// to act on another department's step.
/// </summary>
public static class StepAccess
{
    public static bool MayWork(ClaimsPrincipal user, WorkItem step, IEnumerable<string> alsoRoles) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(Roles.Of(step.Department))
            || (step.Assignee is { } a && user.ToStaff()?.Id == a.Id)
            || alsoRoles.Any(user.IsInRole));

    /// <summary>Refuses (403) a user who may not work <paramref name="step"/>, saying who may.</summary>
    public static void Demand(ClaimsPrincipal user, WorkItem step, string action, IReadOnlyCollection<string> alsoRoles)
    {
        if (!MayWork(user, step, alsoRoles))
        {
            var others = alsoRoles.Count == 0 ? "" : $", {string.Join(", ", alsoRoles)}";
            throw new AccessDeniedException(
                $"Step {step.Id} ({step.Kind}) belongs to {step.Department.Code()}: '{action}' is for {step.Department.Code()} staff, its assignee{others}.");
        }
    }
}

using System.Security.Claims;

namespace AfterSales.Kernel;

/// <summary>An employee, as recorded on the work they did.</summary>
public sealed record Staff(string Id, string Name);

/// <summary>The system itself, for changes no person made (routing, escalation).</summary>
public static class SystemActor
{
    public static readonly Staff Instance = new("system", "AfterSales");
}

public static class Actors
{
    /// <summary>Who a request acts for when it is not signed in (never on a staff endpoint).</summary>
    public static readonly Staff Anonymous = new("anonymous", "anonymous");

    /// <summary>The employee a write is recorded against. Staff endpoints require sign-in, so this is the token's user.</summary>
    public static Staff ActingStaff(this ClaimsPrincipal user) => user.ToStaff() ?? Anonymous;

    /// <summary>
    /// The employee a request acts for, from the token's claims (<c>oid</c> or <c>sub</c>, and
    /// <c>name</c>); null when the request is not signed in.
    /// </summary>
    public static Staff? ToStaff(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var id = user.FindFirst("oid")?.Value ?? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var name = user.FindFirst("name")?.Value ?? user.Identity.Name ?? id;
        return id is null ? null : new Staff(id, name ?? id);
    }
}

/// <summary>
/// The Entra ID app roles of the AfterSales API, as their values appear in the token's
/// <c>roles</c> claim. One per department, plus the roles that cut across departments.
/// </summary>
public static class Roles
{
    /// <summary>市场营销部: takes complaints, dispatches, revisits, surveys.</summary>
    public const string Marketing = "marketing";
    /// <summary>质量管理部: analyses quality problems, owns CAPA.</summary>
    public const string Quality = "quality";
    /// <summary>技术中心: analyses with quality, sends technicians.</summary>
    public const string Technical = "technical";
    /// <summary>采供保障部: return orders, spare parts, logistics.</summary>
    public const string Procurement = "procurement";
    /// <summary>售后服务主管: oversees every department's after-sales work.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>主管领导 / 总经理 / 管理者代表: approves major issues and CAPA plans.</summary>
    public const string Management = "management";
    /// <summary>A technician on site: sees and fills only the field visits assigned to them.</summary>
    public const string Technician = "technician";
    /// <summary>Runs GB/T 27922 assessments.</summary>
    public const string Assessor = "assessor";
    /// <summary>Manages configuration (weights, deadlines, departments); no case work by itself.</summary>
    public const string Admin = "admin";

    /// <summary>Every staff role; a token with none of them is not staff.</summary>
    public static readonly IReadOnlyList<string> All =
        [Marketing, Quality, Technical, Procurement, Supervisor, Management, Technician, Assessor, Admin];

    /// <summary>The role whose members work a department's inbox: the app-role value is the department's code.</summary>
    public static string Of(Department department) => department.Code();

    /// <summary>Supervisors and management oversee every department's work.</summary>
    public static bool Oversees(this ClaimsPrincipal user) => user.IsInRole(Supervisor) || user.IsInRole(Management);
}

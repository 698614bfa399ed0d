using AfterSales.Departments;

namespace AfterSales.Access;

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
}

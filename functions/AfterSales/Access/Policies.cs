using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales.Access;

/// <summary>
/// The named authorization policies. An endpoint declares one with
/// <c>.RequireAuthorization(Policies.X)</c>; an endpoint that declares none gets
/// <see cref="Staff"/> (the fallback), so a forgotten endpoint is closed, not open.
/// Rules about one record (whose complaint, which inbox, whose visit) are not policies:
/// see <see cref="ComplaintAccess"/>, <see cref="DepartmentAccess"/>, <see cref="FieldVisitAccess"/>.
/// </summary>
public static class Policies
{
    /// <summary>Anyone on staff (any app role): take a complaint, read what is routed to them.</summary>
    public const string Staff = "staff";
    /// <summary>Preliminary analysis and classification (初步分析): marketing, quality, technical, supervisors.</summary>
    public const string Triage = "triage";
    /// <summary>Record analysis and test results: quality and the technical center only.</summary>
    public const string RecordAnalysis = "record-analysis";
    /// <summary>Approve the handling of a major quality problem (重大质量问题): management only.</summary>
    public const string ApproveMajor = "approve-major";
    /// <summary>Draft and verify corrective and preventive action: quality.</summary>
    public const string ManageCapa = "manage-capa";
    /// <summary>Approve a CAPA plan: management only.</summary>
    public const string ApproveCapa = "approve-capa";
    /// <summary>Dispatch service staff and technicians: marketing, technical, supervisors.</summary>
    public const string Dispatch = "dispatch";
    /// <summary>Fill a field visit: technicians (and only on visits assigned to them, see <see cref="FieldVisitAccess"/>).</summary>
    public const string FieldVisit = "field-visit";
    /// <summary>Work return and exchange orders: procurement.</summary>
    public const string ReturnOrders = "return-orders";
    /// <summary>Revisits and satisfaction surveys: marketing.</summary>
    public const string Surveys = "surveys";
    /// <summary>Read statistics and reports: management, supervisors, quality, marketing.</summary>
    public const string Reports = "reports";
    /// <summary>Run GB/T 27922 assessments: assessors.</summary>
    public const string Assess = "assess";
    /// <summary>Manage configuration: admins.</summary>
    public const string Admin = "admin";

    private static AuthorizationPolicy Requiring(params string[] roles) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles)
            .Build();

    /// <summary>Registers every policy, and <see cref="Staff"/> as both default and fallback.</summary>
    public static AuthorizationBuilder AddAfterSalesPolicies(this AuthorizationBuilder builder)
    {
        var staff = Requiring([.. Roles.All]);
        return builder
            .SetDefaultPolicy(staff)
            .SetFallbackPolicy(staff)
            .AddPolicy(Staff, staff)
            .AddPolicy(Triage, Requiring(Roles.Marketing, Roles.Quality, Roles.Technical, Roles.Supervisor))
            .AddPolicy(RecordAnalysis, Requiring(Roles.Quality, Roles.Technical))
            .AddPolicy(ApproveMajor, Requiring(Roles.Management))
            .AddPolicy(ManageCapa, Requiring(Roles.Quality))
            .AddPolicy(ApproveCapa, Requiring(Roles.Management))
            .AddPolicy(Dispatch, Requiring(Roles.Marketing, Roles.Technical, Roles.Supervisor))
            .AddPolicy(FieldVisit, Requiring(Roles.Technician))
            .AddPolicy(ReturnOrders, Requiring(Roles.Procurement))
            .AddPolicy(Surveys, Requiring(Roles.Marketing))
            .AddPolicy(Reports, Requiring(Roles.Management, Roles.Supervisor, Roles.Quality, Roles.Marketing))
            .AddPolicy(Assess, Requiring(Roles.Assessor))
            .AddPolicy(Admin, Requiring(Roles.Admin));
    }
}

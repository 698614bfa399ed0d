using AfterSales.Kernel;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales.Access;

/// <summary>
/// The policies every module may use. An endpoint declares one with
/// <c>.RequireAuthorization(Policies.X)</c>; an endpoint that declares none gets <see cref="Staff"/>
/// (the fallback), so a forgotten endpoint is closed, not open. A feature's own role rules
/// (who triages, who approves) are policies its module adds with <see cref="Requiring"/>; rules
/// about one record (whose complaint, which inbox) live in its handlers.
/// </summary>
public static class Policies
{
    /// <summary>Anyone on staff (any app role): take a complaint, read what is routed to them.</summary>
    public const string Staff = "staff";
    /// <summary>Manage configuration and look after the system: admins.</summary>
    public const string Admin = "admin";

    /// <summary>A policy: signed in with a staff token holding one of these roles.</summary>
    public static AuthorizationPolicy Requiring(params string[] roles) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles)
            .Build();

    /// <summary>Registers the base policies, and <see cref="Staff"/> as both default and fallback.</summary>
    public static AuthorizationBuilder AddAfterSalesPolicies(this AuthorizationBuilder builder)
    {
        var staff = Requiring([.. Roles.All]);
        return builder
            .SetDefaultPolicy(staff)
            .SetFallbackPolicy(staff)
            .AddPolicy(Staff, staff)
            .AddPolicy(Admin, Requiring(Roles.Admin));
    }
}

using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AfterSales.Reports;

/// <summary>Who reads the service reports.</summary>
public static class ReportPolicies
{
    /// <summary>
    /// The supervision reports and statistics: those who supervise the service (supervisors,
    /// management), marketing who owns it, quality who compiles the semi-annual statistics, and
    /// assessors, who count them as GB/T 27922 evidence. The satisfaction analysis is read the same way.
    /// </summary>
    public const string Read = "reports";
}

/// <summary>
/// The service reports managers read: the monthly service supervision report (服务监督报告) and the
/// semi-annual statistics, as JSON, CSV and a printable page with charts (docs/reports.md).
/// </summary>
public sealed class ReportsModule : FeatureModule
{
    public override string Name => "Reports";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [ReportArchive.Table]);

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(ReportPolicies.Read, Policies.Requiring(Roles.Supervisor, Roles.Management, Roles.Marketing, Roles.Quality, Roles.Assessor));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReportSources>();
        services.AddSingleton<ReportArchive>();
        services.AddSingleton<ReportService>();
        // The seam for the satisfaction surveys: their module registers its own ISatisfactionFigures.
        services.TryAddSingleton<ISatisfactionFigures, NoSatisfactionFigures>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapReportsApi();
}

using AfterSales.Access;
using AfterSales.Functions;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales.PowerBi;

/// <summary>The role rules of the Power BI export.</summary>
public static class PowerBiPolicies
{
    /// <summary>Start a run: admins.</summary>
    public const string Run = "powerbi-run";
    /// <summary>Read the runs and their manifests: admins and management.</summary>
    public const string Read = "powerbi-read";
}

/// <summary>
/// The Power BI export (docs/powerbi.md): a star schema of the service's records as Parquet and
/// CSV files in the exports container, month by month, and as lean tables, kept up to date from
/// the change feed's log nightly and on demand.
/// </summary>
public sealed class PowerBiModule : FeatureModule
{
    public override string Name => "Power BI export";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [ExportRuns.Table, .. StarSchema.All.Select(t => t.StorageTable)]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        new(nameof(ExportPowerBi), new TimerTrigger(ExportPowerBi.Schedule), typeof(ExportPowerBi)),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(PowerBiPolicies.Run, Policies.Requiring(Roles.Admin))
        .AddPolicy(PowerBiPolicies.Read, Policies.Requiring(Roles.Admin, Roles.Management));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ExportTableStore>();
        services.AddSingleton<ExportRuns>();
        services.AddSingleton<ExportSources>();
        services.AddSingleton<PowerBiExport>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapPowerBiApi();
}

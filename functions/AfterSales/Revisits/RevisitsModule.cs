using AfterSales.Access;
using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AfterSales.Revisits;

public static class RevisitPolicies
{
    /// <summary>Register delivered products, list and record revisits: marketing (who revisits customers) and those who oversee.</summary>
    public const string Work = "revisits-work";
}

/// <summary>How delivered products and their revisits are kept.</summary>
public static class RevisitRecords
{
    public const string Kind = "revisit";
    public const string Table = "Revisits";
    public const string ProductKind = "deliveredProduct";
    public const string ProductsTable = "DeliveredProducts";

    public static readonly RecordKind<DeliveredProduct> Products = new(ProductKind, ProductsTable, "delivered product", p => p.Id);

    public static readonly RecordKind<Revisit> Definition = new(Kind, Table, "revisit", v => v.Id)
    {
        Columns = (row, v) =>
        {
            row["Open"] = v.IsOpen;
            row["AssigneeId"] = v.Steps.FirstOrDefault()?.Assignee?.Id;
            row["ScheduleId"] = v.ScheduleId;
        },
    };

    public static readonly WorkItemAccess<Revisit> Steps = new(
        v => v.Steps,
        (v, steps) => v with { Steps = steps },
        v => new InboxSummary($"{v.Id} · {v.Customer.Name} · {v.Product}", v.Steps.FirstOrDefault()?.Assignee, v.IsOpen ? "open" : "done"));
}

/// <summary>Revisits (回访) of delivered projects on their schedule: monthly in the first year, quarterly after (docs/surveys-and-revisits.md).</summary>
public sealed class RevisitsModule : FeatureModule
{
    public override string Name => "Revisits";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [RevisitRecords.Table, RevisitRecords.ProductsTable]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        // Daily at 00:30 UTC (08:30 in China): one query over the delivered products, a write only where a revisit is due.
        new(nameof(OpenScheduledRevisits), new TimerTrigger("0 30 0 * * *"), typeof(OpenScheduledRevisits)),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(RevisitPolicies.Work, Policies.Requiring(Roles.Marketing, Roles.Supervisor, Roles.Management));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RevisitOptions>().BindConfiguration(RevisitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RevisitOptions>, RevisitOptionsValidation>();
        services.AddRecords(RevisitRecords.Products);
        services.AddRecords(RevisitRecords.Definition);
        services.AddWorkItemHost(RevisitRecords.Steps, sp => sp.GetRequiredService<IOptions<RevisitOptions>>().Value.EscalateToManagementAfter);
        services.AddSingleton<Revisits>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapRevisitsApi();
}

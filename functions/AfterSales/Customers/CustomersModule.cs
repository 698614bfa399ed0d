using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Customers;

/// <summary>Customer cards (顾客资料卡) with grades, history and search, and visit records (顾客来访记录表).</summary>
public sealed class CustomersModule : FeatureModule
{
    public override string Name => "Customers";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [CustomerRecords.Table, CustomerRecords.IndexTable]);

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<CustomerGrade>("customerGrades", g => g.Name()),
        VocabularyList.Of<EnterpriseType>("enterpriseTypes", t => t.Name()),
        VocabularyList.Of<DuplicateReason>("duplicateReasons", r => r switch
        {
            DuplicateReason.SameName => ("客户名称相同", "Same name"),
            DuplicateReason.SamePhone => ("电话相同", "Same phone number"),
            _ => null,
        }),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CustomerOptions>().BindConfiguration(CustomerOptions.Section)
            .Validate(o => o.OrdinaryFrom >= 0 && o.KeyFrom > o.OrdinaryFrom, "Customers:KeyFrom must be above Customers:OrdinaryFrom, and both zero or more.")
            .ValidateOnStart();
        services.AddRecords(CustomerRecords.Definition);
        services.AddSingleton<CustomerIndex>();
        services.AddSingleton<CustomerSearch>();
        services.AddSingleton<CustomerDuplicates>();
        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<CustomerVisits>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapCustomersApi();
}

using AfterSales.Records;

namespace AfterSales.StaffDirectory;

/// <summary>
/// The staff directory (员工名录): who works here, in which department. Admins keep it; the
/// complaint intake reads it to accept a colleague as a complaint's first-contact owner. Sign-in
/// stays with Entra ID; the directory only names people and their home departments.
/// </summary>
public sealed class StaffDirectoryModule : FeatureModule
{
    public override string Name => "Staff directory";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [StaffRecords.Table]);

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRecords(StaffRecords.Definition);
        services.AddSingleton<StaffMembers>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapStaffApi();
}

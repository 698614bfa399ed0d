using AfterSales.Access;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Platform;
using AfterSales.StaffConsole;
using AfterSales.WorkItems;

namespace AfterSales;

/// <summary>The product's features, in the order they are composed. Adding a feature is one line here.</summary>
public static class AppModules
{
    public static IReadOnlyList<FeatureModule> All { get; } =
    [
        new PlatformModule(),
        new AccessModule(),
        new ChangeFeedModule(),
        new WorkItemsModule(),
        new CustomersModule(),
        new ComplaintsModule(),
        new StaffConsoleModule(),
    ];
}

using AfterSales.Access;
using AfterSales.Assessment;
using AfterSales.Attachments;
using AfterSales.Capa;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.FieldService;
using AfterSales.Notifications;
using AfterSales.Platform;
using AfterSales.Reports;
using AfterSales.PowerBi;
using AfterSales.Returns;
using AfterSales.StaffDirectory;
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
        new AttachmentsModule(),
        new StaffDirectoryModule(),
        new CustomersModule(),
        new ComplaintsModule(),
        new FieldServiceModule(),
        new ReturnsModule(),
        new CapaModule(),
        new Revisits.RevisitsModule(),
        new Surveys.SurveysModule(),
        new AssessmentModule(),
        new ReportsModule(),
        new PowerBiModule(),
        new NotificationsModule(),
        new StaffConsoleModule(),
    ];
}

using AfterSales.Departments;

namespace AfterSales.Complaints;

public static class ComplaintServices
{
    /// <summary>Intake, numbering, the lifecycle, its storage and read models, and the department inboxes.</summary>
    public static IServiceCollection AddComplaints(this IServiceCollection services)
    {
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section);
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<ComplaintNumbering>();
        services.AddSingleton<Inbox>();
        services.AddSingleton<ComplaintList>();
        services.AddSingleton<ComplaintProjection>();
        services.AddSingleton<ComplaintService>();
        services.AddScoped<ComplaintIntake>();
        return services;
    }
}

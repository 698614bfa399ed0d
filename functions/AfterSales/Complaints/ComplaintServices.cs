using AfterSales.Departments;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

public static class ComplaintServices
{
    /// <summary>Intake, numbering, the lifecycle, its storage and read models, and the department inboxes.</summary>
    public static IServiceCollection AddComplaints(this IServiceCollection services)
    {
        // Wrong service rules stop the app at start, naming each setting, rather than failing intakes later.
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidation>();
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

internal sealed class ServiceOptionsValidation : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

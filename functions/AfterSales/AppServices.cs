using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Departments;
using AfterSales.Functions;
using AfterSales.Functions.Local;
using AfterSales.Health;
using AfterSales.Storage;
using AfterSales.Telemetry;
using AfterSales.Web;
using Scalar.AspNetCore;

namespace AfterSales;

/// <summary>Composition of the app: services, then endpoints.</summary>
public static class AppServices
{
    public static WebApplicationBuilder AddAfterSales(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry();
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemHandling>();
        // Unreadable bodies reach ProblemHandling, which says which field was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.AddOpenApi();
        builder.AddAccess();
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<LocalRunnerOptions>().BindConfiguration(LocalRunnerOptions.Section);

        services.AddSingleton<StorageAccount>();
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<Outbox>();
        services.AddComplaints();
        services.AddCustomers();

        services.AddFunctionCatalog(AppFunctions.All);
        services.AddHostedService<LocalRunner>();
        return builder;
    }

    public static WebApplication MapAfterSales(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAccess();
        // Locally at /openapi/v1.json; in Azure the host proxies only /api/*, so also under /api.
        // Anonymous everywhere: the document describes operations, not data, and every operation
        // still demands a token; the UI must load before anyone can paste one into it.
        app.MapOpenApi().AllowAnonymous();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.AddPreferredSecuritySchemes(BearerSecurityScheme.Name)).AllowAnonymous();
        app.MapScalarApiReference("/api/scalar", o => o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(BearerSecurityScheme.Name)).AllowAnonymous();

        app.MapHealthApi();
        app.MapComplaintsApi();
        app.MapCustomersApi();
        app.MapInboxApi();
        app.MapVocabulary();
        app.MapAccess();
        app.MapFunctionEnvelopes();
        return app;
    }
}

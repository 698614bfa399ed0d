using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Messaging;
using AfterSales.Storage;
using AfterSales.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AfterSales;

/// <summary>
/// Composition of the app: the kernel's shared services, then each module's; the kernel's
/// middleware, then each module's endpoints and the functions' envelope endpoints.
/// </summary>
public static class AppComposition
{
    public static WebApplicationBuilder AddAfterSales(this WebApplicationBuilder builder, IEnumerable<FeatureModule> modules)
    {
        builder.AddTelemetry();
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemHandling>();
        // Unreadable bodies reach ProblemHandling, which says which field was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.AddOpenApi();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StorageAccount>();
        services.AddSingleton<StorageInitializer>();
        services.AddFunctionsPlumbing();
        services.AddMessaging(builder.Configuration);
        foreach (var module in modules)
        {
            services.AddFeature(module, builder.Configuration);
        }
        return builder;
    }

    /// <summary>
    /// Adds one module: its services, policies, and the handlers of its functions. Everything else
    /// it declares (endpoints, storage, vocabulary, subscriptions) is read from it where needed.
    /// </summary>
    public static IServiceCollection AddFeature(this IServiceCollection services, FeatureModule module, IConfiguration configuration)
    {
        services.AddSingleton(module);
        module.AddServices(services, configuration);
        module.AddPolicies(services.AddAuthorizationBuilder());
        foreach (var handler in module.AllFunctions().Select(f => f.Handler).OfType<Type>())
        {
            services.TryAddScoped(handler);
        }
        foreach (var subscriber in module.Subscriptions.Select(s => s.Subscriber))
        {
            services.TryAddScoped(subscriber);
        }
        return services;
    }

    /// <summary>Creates the storage the modules declare when <c>Storage:CreateResources</c> is on (locally and in tests).</summary>
    public static async Task PrepareStorageAsync(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Storage:CreateResources"))
        {
            await app.Services.GetRequiredService<StorageInitializer>().CreateAllAsync(app.Lifetime.ApplicationStopping);
        }
    }

    public static WebApplication MapAfterSales(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var modules = app.Services.GetServices<FeatureModule>().ToList();
        foreach (var module in modules)
        {
            module.UseMiddleware(app);
        }
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }
        app.MapFunctionEnvelopes();
        return app;
    }
}

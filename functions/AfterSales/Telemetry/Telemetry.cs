using System.Diagnostics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AfterSales.Telemetry;

/// <summary>
/// Traces, metrics and logs to Application Insights through OpenTelemetry, only when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the infra template sets it; locally and
/// in tests nothing is exported). Application Insights has local auth off, so the exporter signs
/// in with Entra ID: the app's user-assigned identity (<c>AZURE_CLIENT_ID</c>) in Azure, the
/// developer's own sign-in otherwise.
/// </summary>
public static class AppTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ClientIdSetting = "AZURE_CLIENT_ID";
    public const string ServiceName = "AfterSales";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }
        var credential = Credential(builder.Configuration[ClientIdSetting]);
        void Exporter(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.Credential = credential;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = (activity, response) => HideLinkTokens(activity, response.HttpContext))
                .AddHttpClientInstrumentation()
                .AddAzureMonitorTraceExporter(Exporter))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddAzureMonitorMetricExporter(Exporter));
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.AddAzureMonitorLogExporter(Exporter);
        });
        return builder;
    }

    /// <summary>
    /// A customer link's token is a password for one complaint: a request to a route that takes
    /// <c>{token}</c> is recorded under its route pattern (<c>/api/public/status/{token}</c>),
    /// never with the token itself.
    /// </summary>
    public static void HideLinkTokens(Activity activity, HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern } && pattern.GetParameter("token") is not null)
        {
            activity.SetTag("url.path", pattern.RawText);
            activity.SetTag("url.full", null);
        }
    }

    /// <summary>The identity the exporter signs in with.</summary>
    public static TokenCredential Credential(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}

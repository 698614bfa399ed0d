using AfterSales.Telemetry;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AfterSales.Tests.Telemetry;

public class TelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/";

    private static IServiceCollection ServicesWith(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.AddTelemetry();
        return builder.Services;
    }

    [Fact]
    public void NothingIsExportedWithoutAConnectionString()
    {
        var services = ServicesWith();
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TracerProvider));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Fact]
    public void TracesAndMetricsAreExportedWhenApplicationInsightsIsConfigured()
    {
        var services = ServicesWith((AppTelemetry.ConnectionStringSetting, ConnectionString));
        Assert.Contains(services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Fact]
    public void InAzureTheExporterSignsInAsTheAppsIdentity()
    {
        // Application Insights has local auth off: the exporter must present an Entra ID token.
        Assert.IsType<ManagedIdentityCredential>(AppTelemetry.Credential("11111111-1111-1111-1111-111111111111"));
        Assert.IsType<DefaultAzureCredential>(AppTelemetry.Credential(null));
    }
}

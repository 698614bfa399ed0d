using AfterSales.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// The real app in-process against the shared Azurite, with its own table/queue prefix and the
/// local runner polling its queues. Timers are off; tests invoke them through the envelope.
/// </summary>
public class AppFixture(AzuriteFixture azurite) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Prefix { get; init; } = "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The app's clock. It starts at the real time and moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Whether the app uses <see cref="Clock"/> instead of the real time.</summary>
    protected virtual bool UseFakeClock => false;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public StorageAccount Storage => Services.GetRequiredService<StorageAccount>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
        builder.UseSetting("Storage:Prefix", Prefix);
        builder.UseSetting("Storage:CreateResources", "true");
        builder.UseSetting("LocalRunner:Enabled", "true");
        builder.UseSetting("LocalRunner:Timers", "false");
        builder.UseSetting("LocalRunner:MaxPollingInterval", "00:00:00.200");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (UseFakeClock)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
    }

    public ValueTask InitializeAsync()
    {
        _ = Server; // start the app (and with it storage creation and the runner)
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

using System.Net.Http.Headers;
using AfterSales.Access;
using AfterSales.Storage;
using AfterSales.Tests.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// The real app in-process against the shared Azurite, with its own table/queue prefix and the
/// local runner polling its queues. Timers are off; tests invoke them through the envelope.
/// Staff tokens are checked against a test signing key (<see cref="TestTokens"/>), not Development mode:
/// <c>CreateClient()</c> signs in as 王芳 (<c>u-wang</c>) holding every staff role.
/// </summary>
public class AppFixture(AzuriteFixture azurite) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Prefix { get; init; } = "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The app's clock. It starts at the real time and moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Whether the app uses <see cref="Clock"/> instead of the real time.</summary>
    protected virtual bool UseFakeClock => false;

    /// <summary>Whether staff tokens and customer links use the test keys (<see cref="TestTokens"/>) rather than the app's own settings.</summary>
    protected virtual bool UseTestKeys => true;

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
        foreach (var (key, value) in UseTestKeys ? TestTokens.Settings : new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        // Public rate limits are high here; the rate-limit tests lower them in their own fixture.
        builder.UseSetting("PublicEndpoints:IntakePermits", "100000");
        builder.UseSetting("PublicEndpoints:ReadPermits", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (UseFakeClock)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
    }

    /// <summary>The default user of <c>CreateClient()</c>: 王芳, on staff in every role.</summary>
    public const string DefaultUserId = "u-wang";
    public const string DefaultUserName = "王芳";

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(DefaultUserId, DefaultUserName, [.. Roles.All]));
    }

    /// <summary>A client signed in as this user with exactly these roles.</summary>
    public HttpClient CreateClient(string userId, string name, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(userId, name, roles));
        return client;
    }

    /// <summary>A client with this Authorization header value (a bad token), or none.</summary>
    public HttpClient CreateClientWithToken(string? token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
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

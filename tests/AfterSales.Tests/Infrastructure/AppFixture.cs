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

    /// <summary>Features added to the app's own, as a new module would be (only the tests' modules use this).</summary>
    protected virtual IEnumerable<FeatureModule> ExtraModules => [];

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
        builder.ConfigureServices((context, services) =>
        {
            foreach (var module in ExtraModules)
            {
                services.AddFeature(module, context.Configuration);
            }
        });
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

    /// <summary>Fires a timer function the way the host does: its envelope posted to <c>/{function}</c>.</summary>
    public async Task RunTimerAsync(string function)
    {
        var envelope = new System.Text.Json.Nodes.JsonObject
        {
            ["Data"] = new System.Text.Json.Nodes.JsonObject { ["timer"] = new System.Text.Json.Nodes.JsonObject { ["Schedule"] = new System.Text.Json.Nodes.JsonObject { ["AdjustForDST"] = true }, ["IsPastDue"] = false } },
            ["Metadata"] = new System.Text.Json.Nodes.JsonObject { ["sys"] = new System.Text.Json.Nodes.JsonObject { ["MethodName"] = function } },
        }.ToJsonString();
        var response = await CreateClient().PostAsync($"/{function}", new StringContent(envelope, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    public virtual ValueTask InitializeAsync()
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

using AfterSales.Storage;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Bench;

/// <summary>
/// The app in-process, on the bench's Azurite, with the local runner playing the host and every storage request counted.
/// Without the runner (<paramref name="runner"/> false, its own <paramref name="prefix"/> so no runner reads its queues) it
/// shows the request path alone: on Azure the host adds instances for a queue backlog and storage is not one Node process on the same cores.
/// </summary>
internal sealed class BenchApp(string storage, RequestCounter counter, string contentRoot, bool runner = true, string prefix = "bench") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Bench");
        builder.UseContentRoot(contentRoot);
        builder.UseSetting("AzureWebJobsStorage", storage);
        builder.UseSetting("Storage:Prefix", prefix);
        builder.UseSetting("Storage:CreateResources", "true");
        builder.UseSetting("LocalRunner:Enabled", runner ? "true" : "false");
        builder.UseSetting("LocalRunner:Timers", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Auth)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(s => s.AddSingleton<HttpPipelinePolicy>(counter));
    }

    private static readonly string Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static readonly Dictionary<string, string> Auth = new()
    {
        ["Auth:Issuer"] = "aftersales-bench",
        ["Auth:Audience"] = "api://aftersales-bench",
        ["Auth:SigningKey"] = Key,
        ["CustomerLinks:SigningKey"] = Key,
    };

    /// <summary>A token for a user holding every staff role, signed with the bench's own key.</summary>
    public static string Token() => AfterSales.Access.DevTokens.Sign(
        new AfterSales.Access.AuthOptions { Issuer = Auth["Auth:Issuer"], Audience = Auth["Auth:Audience"], SigningKey = Key },
        "u-bench", "Bench", AfterSales.Kernel.Roles.All, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(2));
}

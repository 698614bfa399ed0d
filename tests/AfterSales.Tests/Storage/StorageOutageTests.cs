using System.Net;
using AfterSales.Functions.Local;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Storage;

/// <summary>The app with its storage out of reach: nothing answers on the storage port.</summary>
public sealed class NoStorageApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    private static readonly int DeadPort = Azurite.FreePort();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{DeadPort}/{Azurite.AccountName};QueueEndpoint=http://127.0.0.1:{DeadPort}/{Azurite.AccountName};TableEndpoint=http://127.0.0.1:{DeadPort}/{Azurite.AccountName};",
        ["Storage:CreateResources"] = "false",
        ["Storage:MaxRetries"] = "0",
        ["LocalRunner:Enabled"] = "false",
    };
}

public class StorageOutageTests(NoStorageApp app) : IClassFixture<NoStorageApp>
{
    [Fact]
    public async Task RequestsAreAnswered503WithRetryAfterAndHealthSaysUnhealthy()
    {
        var http = app.CreateClient();
        var intake = await http.PostJsonAsync("/api/complaints", Api.Intake(customer: "断网客户"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, intake.StatusCode);
        Assert.Equal("application/problem+json", intake.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), intake.Headers.RetryAfter!.Delta);

        var read = await http.GetAsync("/api/complaints/KS-202611-0001");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);

        var health = await http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unhealthy", (await health.ReadJsonAsync())["status"]!.GetValue<string>());
    }
}

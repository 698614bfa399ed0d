using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Functions;

public class HostJsonTests
{
    private static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "host.json")))!;

    [Fact]
    public void DeclaresTheCustomHandlerWithProxiedHttp()
    {
        var description = Host["customHandler"]!["description"]!;
        Assert.Equal("handler/AfterSales", description["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("handler", description["workingDirectory"]!.GetValue<string>());
        Assert.NotNull(description["arguments"]!.AsArray());
        Assert.True(Host["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("2.0", Host["version"]!.GetValue<string>());
    }

    [Fact]
    public void UsesTheVersionFourExtensionBundle()
    {
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", Host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", Host["extensionBundle"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public void HttpRoutesLiveUnderApiSoTheEnvelopeEndpointsAreNotProxied()
    {
        Assert.Equal("api", Host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal(5, Host["extensions"]!["queues"]!["maxDequeueCount"]!.GetValue<int>());
    }
}

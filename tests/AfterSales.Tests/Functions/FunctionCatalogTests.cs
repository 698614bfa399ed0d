using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Tests.Infrastructure;
using Cronos;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Functions;

public class FunctionCatalogTests(AppFixture app) : IClassFixture<AppFixture>
{
    public static TheoryData<string> FunctionNames => [.. AppCatalog.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void EveryFunctionJsonIsValidForItsBindingType(string name)
    {
        var function = AppCatalog.All.Single(f => f.Name == name);
        var bindings = FunctionJson.For(function)["bindings"]!.AsArray();
        var trigger = bindings.Single(b => b!["direction"]!.GetValue<string>() == "in")!;
        Assert.Equal(function.TriggerBindingName, trigger["name"]!.GetValue<string>());
        switch (trigger["type"]!.GetValue<string>())
        {
            case "httpTrigger":
                Assert.Equal("anonymous", trigger["authLevel"]!.GetValue<string>());
                Assert.NotEmpty(trigger["methods"]!.AsArray());
                Assert.All(trigger["methods"]!.AsArray(), m => Assert.Contains(m!.GetValue<string>(), new[] { "get", "post", "put", "patch", "delete", "head", "options" }));
                // Proxying needs the HTTP output binding and nothing else.
                var output = Assert.Single(bindings, b => b!["direction"]!.GetValue<string>() == "out")!;
                Assert.Equal("http", output["type"]!.GetValue<string>());
                Assert.Equal(2, bindings.Count);
                break;
            case "queueTrigger":
                var queue = trigger["queueName"]!.GetValue<string>();
                Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", queue);
                Assert.Equal("AzureWebJobsStorage", trigger["connection"]!.GetValue<string>());
                Assert.Single(bindings);
                break;
            case "timerTrigger":
                var schedule = trigger["schedule"]!.GetValue<string>();
                Assert.Equal(6, schedule.Split(' ').Length);
                Assert.NotNull(CronExpression.Parse(schedule, CronFormat.IncludeSeconds).GetNextOccurrence(DateTime.UtcNow));
                Assert.Single(bindings);
                break;
            default:
                Assert.Fail($"Unexpected trigger type in {name}: {trigger.ToJsonString()}");
                break;
        }
    }

    [Fact]
    public void EveryNonHttpFunctionHasAnEnvelopeEndpointAndEveryEnvelopeEndpointAFunction()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var envelopeRoutes = endpoints
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName.StartsWith("envelope-", StringComparison.Ordinal) == true)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Order().ToList();
        var nonHttp = AppCatalog.All.Where(f => !f.IsHttp).Select(f => f.Name).Order().ToList();
        Assert.Equal(nonHttp, envelopeRoutes);
    }

    [Fact]
    public void EveryApiEndpointIsReachedThroughTheCatchAllHttpFunction()
    {
        var http = Assert.Single(AppCatalog.All, f => f.IsHttp);
        Assert.Equal("{*path}", ((HttpTrigger)http.Trigger).Route);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var apiRoutes = endpoints.Select(e => e.RoutePattern.RawText!).Where(r => r.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.Contains("/api/complaints/", apiRoutes);
        Assert.Contains("/api/health", apiRoutes);
        // Anything outside /api is either an envelope endpoint (host-only), the local OpenAPI/UI, or
        // the root's redirect to the staff console (a local convenience: in Azure the console is /api/console/).
        var others = endpoints.Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => !r.StartsWith("api/", StringComparison.Ordinal)).ToList();
        Assert.All(others, r => Assert.True(
            AppCatalog.All.Any(f => f.Name == r) || r.StartsWith("openapi", StringComparison.Ordinal) || r.StartsWith("scalar", StringComparison.Ordinal) || r.Length == 0,
            $"{r} is neither under /api nor an envelope endpoint"));
    }

    [Fact]
    public void CatalogRejectsTwoFunctionsWithOneName()
    {
        var functions = new[]
        {
            new FunctionDefinition("A", new TimerTrigger("0 * * * * *"), typeof(AfterSales.WorkItems.EscalateOverdueSteps)),
            new FunctionDefinition("a", new TimerTrigger("0 * * * * *"), typeof(AfterSales.WorkItems.EscalateOverdueSteps)),
        };
        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(functions));
        Assert.Contains("used twice", error.Message);
    }

    [Fact]
    public void CatalogRejectsAQueueFunctionWithoutAQueueHandler()
    {
        var functions = new[] { new FunctionDefinition("Q", new QueueTrigger("q1"), typeof(AfterSales.WorkItems.EscalateOverdueSteps)) };
        var error = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(functions));
        Assert.Contains("IQueueFunction", error.Message);
    }

    [Fact]
    public void WritesOneFolderPerFunction()
    {
        var dir = Directory.CreateTempSubdirectory("fa").FullName;
        try
        {
            var written = FunctionJson.WriteAll(dir, AppCatalog.All);
            Assert.Equal(AppCatalog.All.Count, written.Count);
            foreach (var f in AppCatalog.All)
            {
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, f.Name, "function.json")))!;
                Assert.NotEmpty(json["bindings"]!.AsArray());
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

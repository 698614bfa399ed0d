using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Functions.Local;
using Microsoft.Extensions.Configuration;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Functions;

/// <summary>
/// Starts the built handler as its own process, the way the Functions host does: port from
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, storage from <c>AzureWebJobsStorage</c>, Production settings.
/// </summary>
public class CustomHandlerProcessTests(AzuriteFixture azurite)
{
    private static string HandlerDll => Path.Combine(AzuriteFixture.RepoRoot, "functions", "AfterSales", "bin",
#if DEBUG
        "Debug",
#else
        "Release",
#endif
        "net10.0", "AfterSales.dll");

    [Fact]
    public async Task TheHandlerListensOnTheHostsPortAndAnswersProxiedAndEnvelopeRequests()
    {
        var port = Azurite.FreePort();
        var prefix = "p" + Guid.NewGuid().ToString("N")[..10];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HandlerDll);
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["Storage__Prefix"] = prefix;
        start.Environment["Storage__CreateResources"] = "true";
        foreach (var (key, value) in AfterSales.Tests.Access.TestTokens.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", AfterSales.Tests.Access.TestTokens.For("u-wang", "王芳", "marketing"));
            var health = await Poll.UntilAsync(async () =>
            {
                try
                {
                    return (await client.GetAsync("/api/health")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, s => s == HttpStatusCode.OK || process.HasExited, TimeSpan.FromSeconds(30), "the handler to answer");
            Assert.Equal(HttpStatusCode.OK, health);
            // The staff console answers under /api/ too, which is all the host proxies.
            var console = await client.GetAsync("/api/console/");
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Contains("app.js", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var created = await client.PostAsync("/api/complaints", new StringContent(
                System.Text.Json.JsonSerializer.Serialize(Api.Intake(customer: "扬州机床"), Api.Options), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();

            // No local runner in Production: the complaint moves only as the host delivers its
            // messages. Play the host: take each queue's messages to its function, as envelopes.
            var storage = new AfterSales.Storage.StorageAccount(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Storage:Prefix"] = prefix }).Build());
            var queues = AppCatalog.All.Where(f => f.Trigger is QueueTrigger).Select(f => (f.Name, Queue: ((QueueTrigger)f.Trigger).QueueName)).ToList();
            var delivered = 0;
            await Poll.UntilAsync(async () =>
            {
                foreach (var (function, queue) in queues)
                {
                    foreach (var message in (await storage.Queue(queue).ReceiveMessagesAsync(16)).Value)
                    {
                        var envelope = new JsonObject
                        {
                            ["Data"] = new JsonObject { ["message"] = message.Body.ToString() },
                            ["Metadata"] = new JsonObject { ["DequeueCount"] = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Id"] = $"\"{message.MessageId}\"" },
                        };
                        var handled = await client.PostAsync($"/{function}", new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json"));
                        Assert.Equal(HttpStatusCode.OK, handled.StatusCode);
                        await storage.Queue(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt);
                        delivered++;
                    }
                }
                var inbox = await (await client.GetAsync("/api/departments/marketing/inbox")).ReadJsonAsync();
                return inbox["items"]!.AsArray().Any(i => i!["recordId"]!.GetValue<string>() == number);
            }, inInbox => inInbox, TimeSpan.FromSeconds(30), $"{number} in the marketing inbox through host-shaped envelopes");
            // The intake's announcement (routing handed over in-process), then the routing's (the
            // inbox): the two changes each took one delivery from the host.
            Assert.True(delivered >= 2, $"{delivered} messages delivered");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task TheHandlerWritesTheFunctionFoldersForPublish()
    {
        var dir = Directory.CreateTempSubdirectory("functionapp").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(HandlerDll);
            start.ArgumentList.Add("--write-functions");
            start.ArgumentList.Add(dir);
            using var process = Process.Start(start)!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(0, process.ExitCode);
            var folders = Directory.GetDirectories(dir).Select(d => Path.GetFileName(d)!).Order().ToList();
            Assert.Equal(AppCatalog.All.Select(f => f.Name).Order().ToList(), folders);
            Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(dir, f, "function.json"))));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

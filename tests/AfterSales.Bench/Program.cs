using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Functions.Local;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Bench;

internal static class Bench
{
    public static async Task Main(string[] args)
    {
        // Figures for the closing notes: intake against the storage floor, routing latency, storage
        // requests per complaint, and the handler's cold start. Everything runs against a private Azurite.
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var root = Azurite.FindRepoRoot(AppContext.BaseDirectory);
        await using var azurite = await Azurite.StartAsync(root, null, Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
        var counter = new RequestCounter();
        await using var app = new BenchApp(azurite.ConnectionString, counter, Path.Combine(root, "functions", "AfterSales"));
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchApp.Token());
        Console.WriteLine($"AfterSales bench: {count} complaints, Azurite in memory, {Environment.ProcessorCount} cores");

        // Storage floor: one entity insert per request, sequential, same account.
        var floorTable = new TableClient(azurite.ConnectionString, "BenchFloor");
        await floorTable.CreateIfNotExistsAsync();
        var floor = await Time(count, i => floorTable.AddEntityAsync(new TableEntity("p", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)) { ["Data"] = new string('x', 1500) }));
        Report("storage floor: single insert", floor);

        await http.GetAsync("/api/health"); // warm up
        await Post(http, 0);
        counter.Reset();
        var sequential = await Time(count, i => Post(http, i + 1));
        Report("intake, sequential", sequential);
        Console.WriteLine($"  storage requests per intake: {counter.Count / (double)count:F1} (including routing and projection by the runner)");

        var watch = Stopwatch.StartNew();
        var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try { await Post(http, 10_000 + i); } finally { gate.Release(); }
        }));
        Console.WriteLine($"intake, 16 concurrent: {count / watch.Elapsed.TotalSeconds:F0}/s");

        var routing = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var number = await Post(http, 20_000 + i);
            while (true)
            {
                var c = await http.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}");
                if (c!["state"]!.GetValue<string>() != "received") break;
                await Task.Delay(5);
            }
            routing.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Report("intake to marketing inbox (routing via queue)", routing);

        counter.Reset();
        var path = await Post(http, 30_000);
        await WaitRouted(http, path);
        var before = counter.Count;
        var etag = await Act(http, path, "triage", new { path = "qualityRemote", analysis = "bench" }, null);
        etag = await Act(http, path, "resolution", new { summary = "bench" }, etag);
        await Act(http, path, "confirmation", new { satisfied = true }, etag);
        Console.WriteLine($"storage requests for intake + routing: {before}; triage, resolve, close: {counter.Count - before} (before the runner re-projects)");

        var cold = await ColdStart(root, azurite.ConnectionString);
        Console.WriteLine($"cold start of the handler process to first /api/health: {cold:F0} ms");

        static async Task<List<double>> Time(int n, Func<int, Task> action)
        {
            var times = new List<double>(n);
            for (var i = 0; i < n; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await action(i);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return times;
        }

        static void Report(string what, List<double> ms)
        {
            var sorted = ms.Order().ToList();
            Console.WriteLine($"{what}: p50 {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms, {1000 / sorted.Average():F0}/s");
        }

        static async Task<string> Post(HttpClient http, int i)
        {
            var response = await http.PostAsJsonAsync("/api/complaints", new
            {
                channel = "phone",
                customer = new { name = $"基准客户{i}", phone = "13800000000", province = "江苏" },
                partNumber = $"P-{i}",
                description = "bench",
                takenBy = new { id = "u-bench", name = "Bench" },
            }, Json.Options);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>();
        }

        static async Task WaitRouted(HttpClient http, string number)
        {
            while ((await http.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}"))!["state"]!.GetValue<string>() == "received")
            {
                await Task.Delay(5);
            }
        }

        static async Task<string> Act(HttpClient http, string number, string action, object body, string? etag)
        {
            if (etag is null)
            {
                var current = await http.GetAsync($"/api/complaints/{number}");
                etag = current.Headers.ETag!.Tag;
            }
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{number}/{action}") { Content = JsonContent.Create(body, options: Json.Options) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return response.Headers.ETag!.Tag;
        }

        static async Task<double> ColdStart(string root, string storage)
        {
            var dll = Path.Combine(root, "functions", "AfterSales", "bin", "Release", "net10.0", "AfterSales.dll");
            if (!File.Exists(dll))
            {
                dll = Path.Combine(root, "functions", "AfterSales", "bin", "Debug", "net10.0", "AfterSales.dll");
            }
            var port = Azurite.FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["AzureWebJobsStorage"] = storage;
            start.Environment["Storage__Prefix"] = "bench";
            start.Environment["Auth__Audience"] = "api://aftersales-bench";
            start.Environment["Auth__Issuer"] = "aftersales-bench";
            start.Environment["Auth__SigningKey"] = Convert.ToBase64String(new byte[32]);
            start.Environment["CustomerLinks__SigningKey"] = Convert.ToBase64String(new byte[32]);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient();
            try
            {
                while (watch.Elapsed < TimeSpan.FromSeconds(60))
                {
                    try
                    {
                        if ((await client.GetAsync($"http://127.0.0.1:{port}/api/health")).IsSuccessStatusCode)
                        {
                            return watch.Elapsed.TotalMilliseconds;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }
                    await Task.Delay(10);
                }
                return double.NaN;
            }
            finally
            {
                process.Kill(true);
            }
        }

    }
}

/// <summary>Counts every request the app's storage clients send.</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;
    public int Count => _count;
    public void Reset() => Interlocked.Exchange(ref _count, 0);
    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}

internal sealed class BenchApp(string storage, RequestCounter counter, string contentRoot) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Bench");
        builder.UseContentRoot(contentRoot);
        builder.UseSetting("AzureWebJobsStorage", storage);
        builder.UseSetting("Storage:Prefix", "bench");
        builder.UseSetting("Storage:CreateResources", "true");
        builder.UseSetting("LocalRunner:Enabled", "true");
        builder.UseSetting("LocalRunner:Timers", "false");
        builder.UseSetting("LocalRunner:MaxPollingInterval", "00:00:00.100");
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

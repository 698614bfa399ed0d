using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AfterSales.Tests.Access;

/// <summary>The app logging everything, down to Trace, into memory.</summary>
public sealed class LogCapturingAppFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(Logs));
    }
}

/// <summary>Every message, state value and exception the app logs, as text.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Capture(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Capture(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : state?.ToString() ?? "";
    }
}

public class LogPrivacyTests(LogCapturingAppFixture app) : IClassFixture<LogCapturingAppFixture>
{
    private const string Phone = "13912345678";
    private const string Address = "苏州工业园区星湖街328号";

    [Fact]
    public async Task NoPhoneOrAddressReachesTheLogs()
    {
        var staff = app.CreateClient();
        var customer = app.CreateClientWithToken(null);
        var intake = new
        {
            kind = "repairCall", channel = "phone",
            customer = new { name = "隐私测试客户", contact = "周工", phone = Phone, province = "江苏" },
            customerDemand = $"请派人到{Address}", description = $"设备在{Address}停机",
        };
        var created = await staff.PostJsonAsync("/api/complaints", intake);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();
        await Poll.UntilAsync(async () => (await (await staff.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
            s => s == "awaitingTriage", what: $"{number} routed");

        // Refusals and failures too: validation, unreadable JSON, oversize, a denied reader, public intake.
        await staff.PostJsonAsync("/api/complaints", new { channel = "phone", customer = new { name = "", phone = Phone + new string('9', 40) }, description = Address });
        await staff.PostAsync("/api/complaints", new StringContent($"{{\"channel\":\"phone\",\"customer\":{{\"name\":\"x\",\"phone\":{Phone}0x}},\"description\":\"{Address}\"", Encoding.UTF8, "application/json"));
        await staff.PostAsync("/api/complaints", new StringContent($"{{\"channel\":\"{Phone}\",\"customer\":{{\"name\":\"{Address}\"}}}}", Encoding.UTF8, "application/json"));
        await app.CreateClient("u-q", "质量员", "quality").GetAsync($"/api/complaints/{number}");
        await customer.PostJsonAsync("/api/public/complaints", AuthorizationMatrixTests.WebForm(phone: Phone, demand: Address));
        await customer.PostJsonAsync("/api/public/complaints", AuthorizationMatrixTests.WebForm(phone: Phone, description: Address + new string('长', 6000)));
        var link = await (await staff.PostAsync($"/api/complaints/{number}/status-link", null)).ReadJsonAsync();
        await customer.GetAsync($"/api/public/status/{link["token"]!.GetValue<string>()}");

        var logs = app.Logs.Entries.ToList();
        // The capture sees request-level detail (paths, bodies' fate), so it would see a phone if one were logged.
        Assert.Contains(logs, l => l.Contains("/api/public/complaints", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains(number, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(Phone, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("星湖街", StringComparison.Ordinal));
    }
}

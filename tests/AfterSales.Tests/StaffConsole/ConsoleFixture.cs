using System.Net;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The real app on a real socket (Kestrel on 127.0.0.1, a free port) against the shared Azurite,
/// in Development as a developer runs it (so the console's sign-in picker and <c>POST /dev/token</c>
/// exist), and one headless Chromium (Debian's, driven by Playwright; no browser download) for all
/// the console tests. Each test opens its own browser context: its own sign-in and storage.
/// </summary>
public sealed class ConsoleFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    public const string Collection = "Console";

    /// <summary>The flags the machine notes give for this Chromium: no sandbox as root, and no calls to Google's services.</summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public Uri Console => new(Address, "/api/console/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Screenshots and measurements land here (git-ignored).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AzuriteFixture.RepoRoot, "artifacts", "console")).FullName;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Azurite:Start", "false"); // the tests' Azurite, not the developer's
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public override async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: run `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.");
        }
        File.Delete(Path.Combine(Artifacts, "measurements.txt")); // this run's figures only
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First());
        // Generous waits: on a quiet machine every step takes well under a second, but a shared
        // 2-core machine under load can take many (a deadline, not a sleep: nothing waits longer than needed).
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>
    /// A fresh browser context (no sign-in yet) and a page in it; a phone-sized one when asked.
    /// <paramref name="worker"/> false blocks the console's service worker: a test that answers
    /// requests in the browser (page.RouteAsync) needs that, as a worker's fetches bypass routes.
    /// </summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool worker = true)
    {
        var workers = worker ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block;
        var context = await Browser.NewContextAsync(phone
            ? new() { ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true, Locale = "zh-CN", ServiceWorkers = workers }
            : new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "zh-CN", ServiceWorkers = workers });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        // A script error on any screen fails the test that saw it.
        page.PageError += (_, message) => Errors.Add($"{page.Url}: {message}");
        return page;
    }

    /// <summary>Script errors seen by any page; tests assert there are none.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Opens the console and signs in through the picker as one of its people (by user id).</summary>
    public async Task<IPage> SignInAsync(string userId, bool phone = false, string? at = null, bool worker = true)
    {
        var page = await NewPageAsync(phone, worker);
        await page.GotoAsync(Console + (at ?? ""));
        await page.Locator($"button.person[data-user='{userId}']").ClickAsync();
        await page.Locator("header .user").WaitForAsync();
        return page;
    }

    /// <summary>Writes a line to the test output and to artifacts/console/measurements.txt (CI prints it).</summary>
    public static void Record(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        File.AppendAllText(Path.Combine(Artifacts, "measurements.txt"), line + Environment.NewLine);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>One app and one browser for every console test class (they run one after another).</summary>
[CollectionDefinition(ConsoleFixture.Collection)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>;

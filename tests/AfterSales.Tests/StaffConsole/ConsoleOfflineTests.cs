using System.Text.Json;
using AfterSales.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The console's service worker in headless Chromium on a phone: it registers with the deployed
/// files' version, keeps the shell (and never an API answer), and the console opens with the
/// network off: signed in, screens loaded from the phone, the missing data said in a sentence.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleOfflineTests(ConsoleFixture app)
{
    private const string CachedPaths = """
        async () => {
          const paths = [];
          for (const name of await caches.keys())
            for (const request of await (await caches.open(name)).keys()) paths.push(name + ' ' + new URL(request.url).pathname);
          return paths;
        }
        """;

    [Fact]
    public async Task TheServiceWorkerKeepsTheShellButNoApiAnswerAndTheConsoleOpensOffline()
    {
        var settings = await (await app.CreateClientWithToken(null).GetAsync("/api/console/settings")).ReadJsonAsync();
        var version = settings["shell"]!["version"]!.GetValue<string>();
        var page = await app.SignInAsync("u-sun", phone: true, at: "#/visits");
        await Expect(page.Locator("h1")).ToHaveTextAsync("现场服务");

        // Registered with the files' version, and in control of the page once installed.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        var script = await page.EvaluateAsync<string>("() => navigator.serviceWorker.controller.scriptURL");
        Assert.EndsWith($"/api/console/sw.js?v={version}", script, StringComparison.Ordinal);
        var cached = (await page.EvaluateAsync<JsonElement>(CachedPaths)).EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.All(cached, p => Assert.StartsWith($"aftersales-console-{version} /api/console/", p, StringComparison.Ordinal));
        Assert.Contains($"aftersales-console-{version} /api/console/app.js", cached);
        Assert.Contains($"aftersales-console-{version} /api/console/screens/intake.js", cached);

        // The network drops; the console still opens, signed in, and says why there is no data.
        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.Locator("body[data-ready=true]").WaitForAsync();
        await Expect(page.Locator("header .user")).ToContainTextAsync("孙师傅");
        await Expect(page.Locator(".offline-shell")).ToBeVisibleAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("现场服务");
        await Expect(page.Locator("main .notice.error")).ToContainTextAsync("无法连接服务器");
        // Another screen's module comes from the phone too.
        await page.GotoAsync(app.Console + "#/intake");
        await Expect(page.Locator("h1")).ToHaveTextAsync("投诉受理");
        await ConsolePages.CheckAsync(page, "offline-shell");

        // Back online: the API answers again, and nothing the API said was kept by the worker.
        await page.Context.SetOfflineAsync(false);
        await page.GotoAsync(app.Console + "#/visits");
        await page.ReloadAsync();
        await Expect(page.Locator(".offline-shell")).ToHaveCountAsync(0);
        await Expect(page.Locator("main .notice.error")).ToHaveCountAsync(0);
        cached = (await page.EvaluateAsync<JsonElement>(CachedPaths)).EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.DoesNotContain(cached, p => p.Contains("/api/visits", StringComparison.Ordinal) || p.Contains("/api/vocabulary", StringComparison.Ordinal));
        Assert.Empty(app.Errors);
    }
}

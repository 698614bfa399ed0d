using System.Text.Json;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AfterSales.Tests.StaffConsole;

/// <summary>What the console tests do on every screen: a screenshot kept as an artifact, and an accessibility check.</summary>
public static class ConsolePages
{
    private static readonly Lazy<string> Axe = new(() =>
        File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "node_modules", "axe-core", "axe.min.js")));

    /// <summary>
    /// Saves a full-page screenshot under artifacts/console/ and runs axe-core's WCAG 2 A/AA rules on
    /// the screen as it is: any violation fails the test, naming the rule and the elements.
    /// </summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, name + ".png"), FullPage = true });
        // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
        await page.EvaluateAsync(Axe.Value + "\n;true");
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
              .violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"Accessibility problems on '{name}':\n{string.Join("\n", found)}");
    }

    /// <summary>What the screen shows (the viewport only, from where it is scrolled), for the docs: artifacts/console/{name}.png.</summary>
    public static Task ViewAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, name + ".png") });

    /// <summary>Clicks the screen's refresh until the locator shows: inboxes follow the change feed, a moment behind.</summary>
    public static async Task RefreshUntilVisibleAsync(IPage page, ILocator target, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await target.IsVisibleAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not show on {page.Url}");
            }
            await page.Locator("main[aria-busy]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
            await page.Locator("main[aria-busy]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }
    }
}

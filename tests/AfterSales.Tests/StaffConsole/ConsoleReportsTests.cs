using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The reports screen in headless Chromium, against the reports API's contract (the API itself is
/// on another branch: its answers are given here in the browser): the month and filters go in the
/// query, whatever sections the JSON has show as tables and figures, and the CSV downloads with
/// the token. The test against the real API comes when the two branches meet.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleReportsTests(ConsoleFixture app)
{
    [Fact]
    public async Task TheMonthlyReportShowsEverySectionOfItsFiguresWithTheFiltersInTheQueryAndDownloadsItsCsv()
    {
        var asked = new List<string>();
        var page = await app.SignInAsync("u-chen", worker: false);
        await page.RouteAsync("**/api/reports/**", async route =>
        {
            var url = new Uri(route.Request.Url);
            asked.Add(url.PathAndQuery);
            var authorized = route.Request.Headers.ContainsKey("authorization");
            if (url.Query.Contains("format=csv", StringComparison.Ordinal))
            {
                await route.FulfillAsync(new() { Status = authorized ? 200 : 401, ContentType = "text/csv; charset=utf-8", Body = "department,received\nquality,5\n" });
                return;
            }
            var body = new JsonObject
            {
                ["month"] = "2026-11",
                ["totals"] = new JsonObject { ["received"] = 12, ["closed"] = 10, ["overdue"] = 1 },
                ["byDepartment"] = new JsonArray(
                    new JsonObject { ["department"] = "quality", ["received"] = 5, ["onTimeRate"] = 0.8 },
                    new JsonObject { ["department"] = "technical", ["received"] = 7, ["onTimeRate"] = 1.0 }),
            };
            await route.FulfillAsync(new() { Status = authorized ? 200 : 401, ContentType = "application/json", Body = body.ToJsonString() });
        });
        await page.GotoAsync(app.Console + "#/reports");
        await Expect(page.Locator("h1")).ToHaveTextAsync("报表");
        await page.FillAsync("#report-month", "2026-11");
        await page.Locator("#report-department").SelectOptionAsync("quality");
        await page.Locator("#report-filters button[type=submit]").ClickAsync();
        await Expect(page.Locator(".report-section", new() { HasText = "By Department" }).Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator(".report")).ToContainTextAsync("Received");
        Assert.Contains("/api/reports/monthly?month=2026-11&department=quality", asked);
        await ConsolePages.CheckAsync(page, "reports");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载 CSV" }).ClickAsync());
        Assert.Equal("monthly-2026-11.csv", download.SuggestedFilename);
        Assert.Contains("/api/reports/monthly?month=2026-11&department=quality&format=csv", asked);
        Assert.Empty(app.Errors);
    }
}

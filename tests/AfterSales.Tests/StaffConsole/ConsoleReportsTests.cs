using System.Globalization;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The reports screen in headless Chromium against the real reports API: the month and filters go
/// in the query, the report's tables show in the reader's language, the satisfaction analysis is
/// one choice away, and the CSV downloads with the token.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleReportsTests(ConsoleFixture app)
{
    [Fact]
    public async Task ASupervisorReadsTheMonthsReportInChineseSwitchesToSatisfactionAndDownloadsTheCsv()
    {
        await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: "报表测试厂"))).RoutedAsync();
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var page = await app.SignInAsync("u-chen", at: "#/reports", worker: false);
        await Expect(page.Locator("h1")).ToHaveTextAsync("报表");
        await page.FillAsync("#report-month", month);
        await page.Locator("#report-filters button[type=submit]").ClickAsync();
        await Expect(page.Locator(".report-title")).ToContainTextAsync($"服务监督报告 · {month}");
        var received = page.Locator(".report-section").First.Locator("tbody tr").First;
        await Expect(received).ToContainTextAsync("受理总数 / Received");
        Assert.True(int.Parse(await received.Locator("td").Nth(1).InnerTextAsync(), CultureInfo.InvariantCulture) >= 1, "this month's complaint is counted");
        await Expect(page.Locator(".report-section h2", new() { HasText = "本期顾客满意度" })).ToBeVisibleAsync();
        await ConsolePages.CheckAsync(page, "reports");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载 CSV" }).ClickAsync());
        Assert.Equal($"monthly-{month}.csv", download.SuggestedFilename);
        Assert.Contains("服务监督报告", await File.ReadAllTextAsync((await download.PathAsync())!), StringComparison.Ordinal);

        await page.Locator("#report-kind").SelectOptionAsync("satisfaction");
        await Expect(page.Locator("#report-from")).ToBeVisibleAsync();
        await Expect(page.Locator(".report-title")).ToContainTextAsync("顾客满意度分析");
        await Expect(page.Locator(".report-section h2", new() { HasText = "各项平均分" })).ToBeVisibleAsync();
        Assert.Empty(app.Errors);
    }
}

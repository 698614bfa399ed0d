using System.Globalization;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The GB/T 27922 self-assessment in headless Chromium: an assessor opens this month's assessment,
/// records findings item by item and sees the score and level change with each, is told next to
/// the field what a non-conformity needs, accepts the system's own count of answered complaints,
/// and compares the assessment with last year's.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleAssessmentTests(ConsoleFixture app)
{
    [Fact]
    public async Task AnAssessorRecordsFindingsSeesTheScoreChangeAcceptsTheSystemsEvidenceAndComparesWithLastYear()
    {
        // Last year's, through the API: the department did not conform then.
        var assessor = app.CreateClient("u-zhou", "周评审", "assessor");
        var last = await RecordClient.CreateAsync(assessor, "/api/assessments", "assessment", new { title = "2024 年度自评", from = "202401", to = "202412" });
        await last.DoAsync("items", new { items = new object[] { new { item = "organisation.department", finding = "nonConforming", note = "未设立售后服务部门" } } });
        // A complaint this month, so the system has something to count.
        await ConsoleScenarioTests.TakeComplaintAsync(app.CreateClient(), customerId: null, "P-PJ-" + Guid.NewGuid().ToString("N")[..6], customer: "淮安恒通机械");

        var page = await app.SignInAsync("u-zhou", at: "#/assessments");
        await Expect(page.Locator("h1")).ToHaveTextAsync("GB/T 27922 自我评价");
        await Expect(page.Locator($"tr[data-assessment='{last.Id}']")).ToContainTextAsync("2024 年度自评");
        await page.Locator("details.open-capa summary").ClickAsync();
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await page.FillAsync("#assessment-open input[name=title]", "本月自评");
        await page.FillAsync("#assessment-open input[name=from]", month);
        await page.FillAsync("#assessment-open input[name=to]", month);
        await ConsolePages.CheckAsync(page, "assessments");
        await page.Locator("#assessment-open button[type=submit]").ClickAsync();
        await Expect(page.Locator("#assessment-total")).ToHaveTextAsync("0.00");
        var id = (await page.Locator("h1").TextContentAsync())!.Split(' ')[0];

        // One item conforms: everything assessed so far is earned.
        var department = page.Locator("tbody[data-item='organisation.department']");
        await department.GetByRole(AriaRole.Button, new() { Name = "评价 · 设立售后服务管理部门, 职责明确" }).ClickAsync();
        await department.Locator("select[name='items[0].finding']").SelectOptionAsync("conforms");
        await department.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#assessment-total")).ToHaveTextAsync("100.00");
        await Expect(page.Locator(".score .badge")).ToHaveTextAsync("五星级");

        // A non-conformity needs what was found: said next to the note; then 3 of 5 points.
        var head = page.Locator("tbody[data-item='organisation.head']");
        await head.Locator("button").First.ClickAsync();
        await head.Locator("select[name='items[0].finding']").SelectOptionAsync("nonConforming");
        await head.Locator("button[type=submit]").ClickAsync();
        await Expect(head.Locator("textarea[name='items[0].note'][aria-invalid=true]")).ToBeVisibleAsync();
        await head.Locator("textarea[name='items[0].note']").FillAsync("未书面任命管理者代表");
        await head.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#assessment-total")).ToHaveTextAsync("60.00");
        await Expect(page.Locator(".score .badge")).ToHaveTextAsync("未达标");
        await Expect(page.Locator("#assessment-focus + ol")).ToContainTextAsync("组织");

        // The system counted this month's complaints: the assessor accepts its figures.
        var answered = page.Locator("tbody[data-item='complaintHandling.answered']");
        await answered.Locator("button.accept").ClickAsync();
        await answered.Locator("button[type=submit]").ClickAsync();
        await Expect(answered.Locator(".badge")).ToHaveTextAsync("采用系统数据");
        await Expect(page.Locator("#assessment-total")).Not.ToHaveTextAsync("60.00");
        await ConsolePages.CheckAsync(page, "assessment");
        await page.Locator("h1").ScrollIntoViewIfNeededAsync();
        await ConsolePages.ViewAsync(page, "assessment-view");

        // Compared with last year: the department moved the score, the level is said.
        await page.GotoAsync(app.Console + $"#/assessments/{id}/comparison/{last.Id}");
        await Expect(page.Locator("h1")).ToContainTextAsync($"{last.Id} → {id}");
        await Expect(page.Locator("table.movers tr[data-item='organisation.department']")).ToContainTextAsync("+3.00");
        await Expect(page.Locator("table.movers tr[data-item='organisation.head']")).ToContainTextAsync("不符合");
        await ConsolePages.CheckAsync(page, "assessment-comparison");
        Assert.Empty(app.Errors);
    }
}

using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The CAPA screens end to end in headless Chromium: quality opens a CAPA from two complaints on the
/// board, the technical center analyses and plans from its inbox, the department head reviews, the
/// management representative approves, the measure is done, quality verifies and makes it a standard;
/// the board and the complaint page show how it ended.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleCapaTests(ConsoleFixture app)
{
    [Fact]
    public async Task ACapaGoesRoundTheClosedLoopOnTheBoardAndItsPageEachStageByItsOwnPeople()
    {
        var api = app.CreateClient();
        var part = "P-CAPA-" + Guid.NewGuid().ToString("N")[..6];
        var first = await ConsoleScenarioTests.TakeComplaintAsync(api, customerId: null, part, customer: "扬州金鼎重工");
        var second = await ConsoleScenarioTests.TakeComplaintAsync(api, customerId: null, part, customer: "泰州远东机械");

        // Quality opens it on the board from both complaints.
        var quality = await app.SignInAsync("u-li", at: "#/capa");
        await Expect(quality.Locator("h1")).ToHaveTextAsync("纠正预防措施");
        await quality.Locator("details.open-capa summary").ClickAsync();
        await quality.FillAsync("#capa-open input[name=title]", "主轴轴承批量异响");
        await quality.FillAsync("#capa-open textarea[name=problem]", "两家客户同批次主轴轴承异响，游隙超差");
        await quality.FillAsync("#capa-open input[name=partNumber]", part);
        await quality.FillAsync("#capa-open input[name=complaints]", $"{first}, {second}");
        await ConsolePages.CheckAsync(quality, "capa-board");
        await quality.Locator("#capa-open button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge.state")).ToHaveTextAsync("通知责任部门");
        var id = (await quality.Locator("h1").TextContentAsync())!.Split(' ')[0];
        await Expect(quality.Locator(".facts")).ToContainTextAsync(second);

        await quality.Locator(".buttons button[data-action=notification]").ClickAsync();
        await quality.Locator("#action-panel select[name=department]").SelectOptionAsync("technical");
        await quality.Locator("#action-panel input[name='contact.id']").FillAsync("u-zhang");
        await quality.Locator("#action-panel input[name='contact.name']").FillAsync("张伟");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge.state")).ToHaveTextAsync("原因分析");

        // The technical center finds it in its inbox, analyses the cause and plans a measure.
        var technical = await app.SignInAsync("u-zhang");
        var row = technical.Locator($"tr[data-record='{id}']");
        await ConsolePages.RefreshUntilVisibleAsync(technical, row, $"{id} in technical's inbox");
        await Expect(row).ToContainTextAsync("纠正预防");
        await row.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await technical.Locator(".buttons button[data-action='cause-analysis']").ClickAsync();
        await technical.Locator("#action-panel textarea[name=rootCause]").FillAsync("轴承供应商热处理工艺变更未通知");
        await technical.Locator("#action-panel select[name=category]").SelectOptionAsync("supplier");
        await technical.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".subtitle .badge.state")).ToHaveTextAsync("制定纠正预防措施");
        await technical.Locator(".buttons button[data-action=plan]").ClickAsync();
        var measure = technical.Locator("#action-panel .measure-row").First;
        await measure.Locator("select[name=kind]").SelectOptionAsync("corrective");
        await measure.Locator("select[name=department]").SelectOptionAsync("technical");
        await measure.Locator("textarea[name=description]").FillAsync("要求供应商恢复原热处理工艺，来料增加硬度抽检");
        await measure.Locator("input[name='owner.id']").FillAsync("u-zhang");
        await measure.Locator("input[name='owner.name']").FillAsync("张伟");
        await measure.Locator("input[name=deadline]").FillAsync(DateTime.Now.AddDays(10).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await ConsolePages.CheckAsync(technical, "capa-plan");
        await technical.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".subtitle .badge.state")).ToHaveTextAsync("部门负责人审核");

        // The department head reviews, the management representative approves.
        foreach (var (who, action, next) in new[] { ("u-chen", "review", "管理者代表批准"), ("u-liu", "approval", "措施实施") })
        {
            var page = await app.SignInAsync(who, at: $"#/capas/{id}");
            await page.Locator($".buttons button[data-action={action}]").ClickAsync();
            await page.Locator("#action-panel input[name=approved][value=true]").CheckAsync();
            await page.Locator("#action-panel button[type=submit]").ClickAsync();
            await Expect(page.Locator(".subtitle .badge.state")).ToHaveTextAsync(next);
        }

        // The measure is carried out.
        await technical.ReloadAsync();
        await technical.Locator("tr[data-measure=m1] button").ClickAsync();
        await technical.Locator("#action-panel textarea[name=result]").FillAsync("供应商已恢复工艺，来料三批抽检合格");
        await technical.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".subtitle .badge.state")).ToHaveTextAsync("效果验证");
        // The technical center has nothing to do at verification: that is quality's.
        await Expect(technical.Locator(".buttons")).ToHaveCountAsync(0);

        // Quality verifies the effect and makes it a standard.
        await quality.ReloadAsync();
        await quality.Locator(".buttons button[data-action=verification]").ClickAsync();
        await quality.Locator("#action-panel input[name=effective][value=true]").CheckAsync();
        await quality.Locator("#action-panel textarea[name=note]").FillAsync("三个月内无同类投诉");
        await quality.Locator("#action-panel input[name=evidence]").FillAsync("来料检验记录 IQC-2612-07");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await quality.Locator(".buttons button[data-action=closure]").ClickAsync();
        await quality.Locator("#action-panel input[name=standardised]").CheckAsync();
        await quality.Locator("#action-panel select[name=documents]").SelectOptionAsync("controlPlan");
        await quality.Locator("#action-panel input[name=reference]").FillAsync("CP-0311 rev.B");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge.state")).ToHaveTextAsync("已关闭");
        await Expect(quality.Locator(".subtitle")).ToContainTextAsync("纳入标准化");
        await Expect(quality.Locator(".timeline li").Last).ToContainTextAsync("李强");
        await ConsolePages.CheckAsync(quality, "capa");

        // The board's closed column and the complaint page show how it ended.
        await quality.GotoAsync(app.Console + $"#/capa?closed=true&partNumber={part}");
        await Expect(quality.Locator($"[data-capa='{id}']")).ToContainTextAsync("纳入标准化");
        await quality.GotoAsync(app.Console + $"#/complaints/{first}");
        await Poll.UntilAsync(async () =>
        {
            await quality.ReloadAsync();
            return await quality.Locator("section[aria-labelledby=links-title] .facts").TextContentAsync() ?? "";
        }, facts => facts.Contains(id, StringComparison.Ordinal) && facts.Contains("纳入标准化", StringComparison.Ordinal), what: $"{first} showing {id} and its outcome");
        Assert.Empty(app.Errors);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The console end to end, as staff use it, in headless Chromium against the app on Azurite:
/// a phone complaint taken by marketing, triaged by quality, visited by the technical center, approved by management; a stale edit;
/// a technician kept out of another department's inbox. Screens are zh-CN (the default).
/// </summary>
[Collection(ConsoleFixture.Collection)]
public partial class ConsoleScenarioTests(ConsoleFixture app)
{
    [Fact]
    public async Task MarketingTakesAPhoneComplaintQualityTriagesItAsMajorTheTechnicianReportsFromSiteManagementApprovesAndTheTimelineShowsEachStep()
    {
        // A known customer with an earlier complaint on the same part: the search finds the card,
        // and the new complaint comes back flagged as a likely duplicate of the earlier one.
        var api = app.CreateClient();
        var customerId = await RegisterCustomerAsync(api, "常州恒力数控机床有限公司", "13912345678");
        var earlier = await TakeComplaintAsync(api, customerId, "P-7788");
        await Poll.UntilAsync(async () => (await api.GetStringAsync($"/api/complaints?customerId={customerId}")).Contains(earlier, StringComparison.Ordinal),
            found => found, what: $"{earlier} in the complaint list");

        // Marketing takes the call.
        var marketing = await app.SignInAsync("u-wang", at: "#/intake");
        await Expect(marketing.Locator("h1")).ToHaveTextAsync("投诉受理");
        // The customer is picked with the keyboard, as a call-centre user types.
        await marketing.Locator("#customer-search").PressSequentiallyAsync("常州恒力");
        await Expect(marketing.Locator("#customer-results [role=option]").First).ToContainTextAsync("常州恒力数控机床有限公司");
        await marketing.Keyboard.PressAsync("ArrowDown");
        await marketing.Keyboard.PressAsync("Enter");
        await Expect(marketing.Locator(".chosen")).ToContainTextAsync("常州恒力数控机床有限公司");
        await Expect(marketing.Locator("#intake-customer-phone")).ToHaveValueAsync("13912345678");
        await marketing.FillAsync("#intake-product", "VMC-1160 立式加工中心");
        await marketing.FillAsync("#intake-partNumber", "P-7788");
        await marketing.FillAsync("#intake-quantity", "12");
        await marketing.FillAsync("#intake-defectiveQuantity", "3");
        await marketing.FillAsync("#intake-description", "主轴高速运转时异响，整批工件尺寸超差");
        await ConsolePages.CheckAsync(marketing, "intake");
        await marketing.GetByRole(AriaRole.Button, new() { Name = "保存并生成编号" }).ClickAsync();
        var number = (await marketing.Locator(".result .number").TextContentAsync())!.Trim();
        Assert.Matches(NumberPattern(), number);
        await Expect(marketing.Locator(".result")).ToContainTextAsync(earlier);
        await ConsolePages.CheckAsync(marketing, "intake-saved");

        // It lands in marketing's inbox; marketing passes the analysis to quality.
        await marketing.GotoAsync(app.Console + "#/inbox/marketing");
        var row = marketing.Locator($"tr[data-record='{number}']");
        await ConsolePages.RefreshUntilVisibleAsync(marketing, row, $"{number} in marketing's inbox");
        await ConsolePages.CheckAsync(marketing, "inbox");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await marketing.Locator(".steps").GetByRole(AriaRole.Button, new() { Name = "转交" }).ClickAsync();
        await marketing.Locator("#action-panel select[name=department]").SelectOptionAsync("quality");
        await marketing.Locator("#action-panel textarea[name=note]").FillAsync("疑似批量质量问题，请质量管理部分析");
        await marketing.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(marketing.Locator(".steps li").First).ToContainTextAsync("质量管理部");

        // Quality finds it in its inbox and triages it as a major quality problem: the technical
        // center goes on site first (the documents' order), the repair waits for the leader.
        var quality = await app.SignInAsync("u-li");
        await Expect(quality.Locator("h1")).ToContainTextAsync("质量管理部");
        row = quality.Locator($"tr[data-record='{number}']");
        await ConsolePages.RefreshUntilVisibleAsync(quality, row, $"{number} in quality's inbox");
        await row.GetByRole(AriaRole.Link, new() { Name = "初步分析" }).ClickAsync();
        await quality.Locator("#action-panel select[name=path]").SelectOptionAsync("majorOnSite");
        await quality.Locator("#action-panel textarea[name=analysis]").FillAsync("主轴轴承批次缺陷，影响加工精度，需现场处理");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge.state")).ToHaveTextAsync("处理中");
        await Expect(quality.Locator(".steps")).ToContainTextAsync("技术中心");
        await ConsolePages.CheckAsync(quality, "complaint");

        // The technical center sends its technician.
        var technical = await app.SignInAsync("u-zhang", at: $"#/complaints/{number}?do=dispatch");
        await technical.Locator("#action-panel input[name='technician.id']").FillAsync("u-sun");
        await technical.Locator("#action-panel input[name='technician.name']").FillAsync("孙师傅");
        await technical.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".steps")).ToContainTextAsync("孙师傅");

        // On site, from a phone, the technician records the arrival and what was found: that goes to the leader.
        var technician = await app.SignInAsync("u-sun", phone: true, at: $"#/complaints/{number}?do=recordArrival");
        await technician.Locator("#action-panel button[type=submit]").ClickAsync();
        await technician.Locator(".buttons button[data-action=recordFindings]").ClickAsync();
        await technician.Locator("#action-panel textarea[name=findings]").FillAsync("3台设备主轴轴承同批次，游隙超差，需更换轴承");
        await technician.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(technician.Locator(".subtitle .badge.state")).ToHaveTextAsync("待领导批准处理");
        await ConsolePages.CheckAsync(technician, "findings-phone");

        // Management approves the repair on the approval page.
        var management = await app.SignInAsync("u-liu");
        row = management.Locator($"tr[data-record='{number}']");
        await ConsolePages.RefreshUntilVisibleAsync(management, row, $"{number} in management's inbox");
        await row.GetByRole(AriaRole.Link, new() { Name = "审批" }).ClickAsync();
        await Expect(management.Locator("h1")).ToHaveTextAsync($"审批 {number}");
        await management.FillAsync("#approval-reason", "同意更换轴承，技术中心立即维修");
        await ConsolePages.CheckAsync(management, "approval");
        await management.GetByRole(AriaRole.Button, new() { Name = "批准处理" }).ClickAsync();
        await Expect(management.Locator(".notice.success")).ToContainTextAsync("已批准");

        // Every step is on the timeline, in order, with who did it.
        await management.GotoAsync(app.Console + $"#/complaints/{number}");
        var timeline = management.Locator(".timeline li");
        // A step done is an event of its own (StepCompleted, with whether it was on time) before what it led to.
        string[] expected = ["Received", "RoutedToDepartment", "StepTransferred", "StepCompleted", "Triaged", "ArrivalPromised",
            "TechnicianDispatched", "StepCompleted", "ArrivedOnSite", "StepCompleted", "FindingsReported", "StepCompleted", "ApprovalGranted"];
        await Expect(timeline.Last).ToHaveAttributeAsync("data-type", "ApprovalGranted");
        Assert.Equal(expected, await timeline.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.type)"));
        await Expect(timeline.Nth(4)).ToContainTextAsync("李强");
        await Expect(timeline.Nth(6)).ToContainTextAsync("张伟");
        await Expect(timeline.Nth(10)).ToContainTextAsync("孙师傅");
        await Expect(timeline.Nth(12)).ToContainTextAsync("刘总");
        await Expect(management.Locator(".subtitle .badge.state")).ToHaveTextAsync("处理中");
        await ConsolePages.CheckAsync(management, "timeline");

        // The customer's card lists both complaints and the card's own history.
        await management.Locator(".facts a", new() { HasText = "常州恒力数控机床有限公司" }).ClickAsync();
        await Expect(management.Locator("h1")).ToHaveTextAsync("常州恒力数控机床有限公司");
        await Expect(management.Locator("ul.complaints li")).ToHaveCountAsync(2);
        await Expect(management.Locator("ul.complaints")).ToContainTextAsync(earlier);
        await Expect(management.Locator(".timeline li").First).ToContainTextAsync("登记: 顾客名称");
        await ConsolePages.CheckAsync(management, "customer");
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task ANewCustomerIsRegisteredInlineWithAWarningWhenACardWithTheSamePhoneExists()
    {
        await RegisterCustomerAsync(app.CreateClient(), "无锡华瑞精密机械有限公司", "13655556666");
        var page = await app.SignInAsync("u-wang", at: "#/intake");
        await page.Locator("#customer-search").PressSequentiallyAsync("南通新创");
        await page.Locator("#customer-results [role=option].create").ClickAsync();
        await Expect(page.Locator("#new-name")).ToHaveValueAsync("南通新创");
        await page.FillAsync("#new-name", "南通新创机电有限公司");
        await page.FillAsync("#new-contact", "周工");
        await page.FillAsync("#new-phone", "13655556666");
        await Expect(page.Locator(".duplicate-warning")).ToContainTextAsync("无锡华瑞精密机械有限公司");
        await page.FillAsync("#intake-description", "新设备安装后无法联网");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并生成编号" }).ClickAsync();
        var number = (await page.Locator(".result .number").TextContentAsync())!.Trim();

        var complaint = await (await app.CreateClient().GetAsync($"/api/complaints/{number}")).ReadJsonAsync();
        Assert.Equal("南通新创机电有限公司", complaint["customer"]!["name"]!.GetValue<string>());
        Assert.StartsWith("CU", complaint["customer"]!["customerId"]!.GetValue<string>(), StringComparison.Ordinal);

        // The English switch: every word changes, the codes' words too, and the choice sticks.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Take a complaint");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#intake-channel option:checked")).ToHaveTextAsync("Phone");
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Take a complaint");
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task AStaleEditSaysSomeoneElseChangedItShowsTheirChangeAndReloads()
    {
        var api = app.CreateClient();
        var number = await TakeComplaintAsync(api, customerId: null, "P-4242", customer: "镇江远航重工");
        await Poll.UntilAsync(async () => (await (await api.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
            s => s == "awaitingTriage", what: $"{number} routed");
        var page = await app.SignInAsync("u-wang", at: $"#/complaints/{number}?do=triage");
        await page.Locator("#action-panel select[name=path]").SelectOptionAsync("qualityRemote");
        await page.Locator("#action-panel textarea[name=analysis]").FillAsync("远程指导");

        // Meanwhile the supervisor gives the triage step to someone.
        var supervisor = app.CreateClient("u-chen", "陈主管", "supervisor");
        var current = await supervisor.GetAsync($"/api/complaints/{number}");
        var assign = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{number}/steps/s1/assignment")
        {
            Content = JsonContent.Create(new { assignee = new { id = "u-li", name = "李强" } }),
        };
        assign.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.SendAsync(assign)).StatusCode);

        await page.Locator("#action-panel button[type=submit]").ClickAsync();
        var stale = page.Locator(".notice.stale");
        await Expect(stale).ToContainTextAsync("有人刚刚修改了此投诉");
        await Expect(stale).ToContainTextAsync("陈主管");
        await Expect(stale).ToContainTextAsync("指派: 李强");
        await ConsolePages.CheckAsync(page, "stale");

        await stale.GetByRole(AriaRole.Button, new() { Name = "重新加载" }).ClickAsync();
        await Expect(page.Locator(".steps")).ToContainTextAsync("李强");
        await page.Locator(".buttons button[data-action=triage]").ClickAsync();
        await page.Locator("#action-panel select[name=path]").SelectOptionAsync("qualityRemote");
        await page.Locator("#action-panel textarea[name=analysis]").FillAsync("客户操作参数设置不当，电话指导即可");
        await page.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(page.Locator(".subtitle .badge.state")).ToHaveTextAsync("处理中");
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task ATechnicianSeesNoInboxAndIsToldSoWhenOpeningAnotherDepartments()
    {
        var page = await app.SignInAsync("u-sun", phone: true);
        await Expect(page.Locator("h1")).ToHaveTextAsync("现场服务");
        await Expect(page.Locator("ul.visits")).ToBeVisibleAsync();
        await Expect(page.Locator("header nav")).Not.ToContainTextAsync("部门待办");
        await ConsolePages.CheckAsync(page, "technician-phone");

        await page.GotoAsync(app.Console + "#/inbox/quality");
        await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("您没有权限");
        await Expect(page.Locator("table.inbox")).ToHaveCountAsync(0);
        Assert.Empty(app.Errors);
    }

    internal static async Task<string> RegisterCustomerAsync(HttpClient api, string name, string phone)
    {
        var response = await api.PostJsonAsync("/api/customers", new { name, contactPerson = "钱经理", contactPhone = phone, province = "江苏" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    internal static async Task<string> TakeComplaintAsync(HttpClient api, string? customerId, string partNumber, string customer = "")
    {
        var response = await api.PostJsonAsync("/api/complaints", Api.Intake(customer: customer, partNumber: partNumber, customerId: customerId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["number"]!.GetValue<string>();
    }

    [GeneratedRegex(@"^KS-\d{6}-\d{4}$")]
    private static partial Regex NumberPattern();
}

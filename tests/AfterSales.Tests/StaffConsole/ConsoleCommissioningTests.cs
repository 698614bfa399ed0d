using System.Globalization;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// Installation and commissioning, and the after-sales service report, in headless Chromium: the
/// technical center plans a job; the technician, on a phone, checks the site, notes the day's
/// progress and records the joint acceptance with the signed form photographed and attached (refused
/// without it, next to the field); the technical center files a major problem's service report and
/// quality marks it received.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleCommissioningTests(ConsoleFixture app)
{
    /// <summary>A 48×32 PNG: the photographed acceptance form.</summary>
    private static readonly byte[] Scan = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAk0lEQVR42u3OUYaCAQBG0X8l9zkihoiIiIghIiIiIiJiGCIiIiIiIiIiIoZh9nCX1S7m6TsrOIUlLGMFP7CKNaxjA5vYwjZ28BO72MM+DnCIIxzjBKc4wzku8Au/cYkrXOMGt7jDPR7wiCc84wWveMM7PvCJL/zBX/yjSCihhBJKKKGEEkoooYQSSiihhBJK6D9Db32O+2pcREKqAAAAAElFTkSuQmCC");

    [Fact]
    public async Task ATechnicianTakesACommissioningJobFromTheSiteCheckToTheAcceptanceWithTheSignedFormAttached()
    {
        var technical = await app.SignInAsync("u-zhang", at: "#/commissioning");
        await Expect(technical.Locator("h1")).ToHaveTextAsync("安装调试");
        await technical.FillAsync("#commissioning-plan input[name=customerName]", "连云港港机设备有限公司");
        await technical.FillAsync("#commissioning-plan input[name=product]", "HMC-630 卧式加工中心");
        await technical.FillAsync("#commissioning-plan input[name=plannedStart]",
            DateTime.Now.AddDays(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await technical.FillAsync("#commissioning-plan input[name='t1.id']", "u-sun");
        await technical.FillAsync("#commissioning-plan input[name='t1.name']", "孙师傅");
        await ConsolePages.CheckAsync(technical, "commissioning-plan");
        await technical.Locator("#commissioning-plan button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".subtitle .badge.state")).ToHaveTextAsync("已计划, 待现场确认");
        var id = (await technical.Locator("h1").TextContentAsync())!.Split(' ')[0];

        // The technician, on a phone at the site.
        var sun = await app.SignInAsync("u-sun", phone: true, at: $"#/commissioning/{id}");
        await sun.Locator(".buttons button[data-action=readiness]").ClickAsync();
        await sun.Locator("#action-panel input[name=ready][value=true]").CheckAsync();
        await sun.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(sun.Locator(".subtitle .badge.state")).ToHaveTextAsync("安装调试中");
        await sun.Locator(".buttons button[data-action=progress]").ClickAsync();
        await sun.Locator("#action-panel textarea[name=note]").FillAsync("设备就位，完成调平和接线");
        await sun.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(sun.Locator(".progress")).ToContainTextAsync("设备就位，完成调平和接线");

        // The acceptance needs the signed form: refused next to it, then sent with the photo.
        await sun.Locator(".buttons button[data-action=acceptance]").ClickAsync();
        await sun.Locator("#action-panel select[name=result]").SelectOptionAsync("accepted");
        await sun.Locator("#action-panel input[name=customerRepresentative]").FillAsync("港机设备 吴工");
        await sun.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(sun.Locator("#acceptance-scan-files-error")).ToBeVisibleAsync();
        await sun.SetInputFilesAsync("#acceptance-scan-camera", new FilePayload { Name = "验收单.png", MimeType = "image/png", Buffer = Scan });
        await Expect(sun.Locator("#acceptance-scan .files.pending")).ToContainTextAsync("验收单.png");
        await ConsolePages.CheckAsync(sun, "commissioning-acceptance");
        await sun.Locator("#action-panel").ScrollIntoViewIfNeededAsync();
        await ConsolePages.ViewAsync(sun, "commissioning-acceptance-view");
        await sun.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(sun.Locator(".subtitle .badge.state")).ToHaveTextAsync("已验收, 待回访");
        await Expect(sun.Locator("section[aria-labelledby=job-facts]")).ToContainTextAsync("验收合格");
        await Expect(sun.Locator(".attachments img[alt='验收单.png']")).ToBeVisibleAsync();
        await ConsolePages.CheckAsync(sun, "commissioning-phone");

        var job = await (await app.CreateClient("u-sun", "孙师傅", "technician").GetAsync($"/api/commissioning/{id}")).ReadJsonAsync();
        var files = await (await app.CreateClient().GetAsync($"/api/attachments/commissioning/{id}")).ReadJsonAsync();
        Assert.Equal(files["items"]!.AsArray().Single()!["id"]!.GetValue<string>(), job["job"]!["acceptance"]!["signedScan"]!.GetValue<string>());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task TheTechnicalCenterFilesAMajorProblemsServiceReportAndQualityMarksItReceived()
    {
        var complaint = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: "镇江永安重工"))).RoutedAsync();
        await complaint.DoAsync("triage", new { path = "majorOnSite", analysis = "批量主轴失效, 重大质量问题" });

        var technical = await app.SignInAsync("u-zhang", at: $"#/complaints/{complaint.Number}");
        await technical.Locator(".service-report a.button").ClickAsync();
        await Expect(technical.Locator("#service-report input[name=complaintNumber]")).ToHaveValueAsync(complaint.Number);
        await technical.FillAsync("#service-report textarea[name=problem]", "主轴批量抱死");
        await technical.FillAsync("#service-report textarea[name=cause]", "轴承润滑脂型号错误");
        await technical.FillAsync("#service-report textarea[name=handling]", "更换主轴轴承及润滑脂, 全批排查");
        await technical.FillAsync("#service-report textarea[name=result]", "设备恢复正常运行");
        await technical.FillAsync("#service-report input[name=cost]", "12800");
        await ConsolePages.CheckAsync(technical, "service-report-form");
        await technical.Locator("#service-report button[type=submit]").ClickAsync();
        await Expect(technical.Locator(".subtitle .badge")).ToHaveTextAsync("待质量管理部接收");
        var report = (await technical.Locator("h1").TextContentAsync())!.Split(' ')[^1];

        var quality = await app.SignInAsync("u-li", at: $"#/service-reports/{report}");
        await quality.Locator(".buttons button[data-action=receipt]").ClickAsync();
        await quality.Locator("#action-panel textarea[name=note]").FillAsync("报告已归档");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge")).ToHaveTextAsync("质量管理部已接收");
        await ConsolePages.CheckAsync(quality, "service-report");
        await quality.GotoAsync(app.Console + $"#/complaints/{complaint.Number}");
        await Expect(quality.Locator(".service-report")).ToContainTextAsync("质量管理部已接收");
        Assert.Empty(app.Errors);
    }
}

using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// A return order (退换货) in headless Chromium: procurement opens it from the complaint's page (a
/// quantity beyond what was delivered is refused with the API's sentence), arranges the pickup and
/// receives the goods; quality inspects them from its inbox; procurement ships the replacement and
/// closes; the complaint shows the order and how it ended.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleReturnTests(ConsoleFixture app)
{
    [Fact]
    public async Task ProcurementWorksAnExchangeFromTheComplaintToClosureWithQualitysInspectionBetween()
    {
        var complaint = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: "盐城恒通机电"))).RoutedAsync();
        await complaint.DoAsync("triage", new { path = "returnExchange", analysis = "批量外观不良, 客户要求换货" });

        var procurement = await app.SignInAsync("u-zhao", at: $"#/complaints/{complaint.Number}");
        await procurement.GetByRole(AriaRole.Link, new() { Name = "新建退换货单" }).ClickAsync();
        var form = procurement.Locator("#return-open");
        await Expect(form.Locator("input[name=complaintNumber]")).ToHaveValueAsync(complaint.Number);
        await form.Locator("select[name=kind]").SelectOptionAsync("exchange");
        await form.Locator("input[name='items[0].partNumber']").FillAsync("P-1001");
        await form.Locator("input[name='items[0].deliveredQuantity']").FillAsync("10");
        await form.Locator("input[name='items[0].quantity']").FillAsync("12");
        await form.Locator("input[name='items[0].defectiveQuantity']").FillAsync("2");
        await form.Locator("button[type=submit]").ClickAsync();
        // The API's sentence stands next to the field it is about.
        await Expect(form.Locator("input[name='items[0].quantity']")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator(".field-error:visible")).ToContainTextAsync("only 10 of P-1001 were delivered");
        await form.Locator("input[name='items[0].quantity']").FillAsync("2");
        await ConsolePages.CheckAsync(procurement, "return-open");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(procurement.Locator("h1")).ToContainTextAsync($"TH-{complaint.Number[3..]}-1");
        await Expect(procurement.Locator(".subtitle .badge.state")).ToHaveTextAsync("已授权, 待取件/寄回");

        await procurement.Locator(".buttons button[data-action=shipment]").ClickAsync();
        await procurement.Locator("#action-panel select[name=method]").SelectOptionAsync("pickup");
        await procurement.Locator("#action-panel input[name=carrier]").FillAsync("顺丰速运");
        await procurement.Locator("#action-panel input[name=trackingNumber]").FillAsync("SF1234567890");
        await procurement.Locator("#action-panel button[type=submit]").ClickAsync();
        await procurement.Locator(".buttons button[data-action=receipt]").ClickAsync();
        await procurement.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(procurement.Locator(".subtitle .badge.state")).ToHaveTextAsync("已收货, 待质量检验");
        // The inspection is quality's: procurement is offered nothing but cancelling.
        await Expect(procurement.Locator(".buttons button[data-action=inspection]")).ToHaveCountAsync(0);

        var id = $"TH-{complaint.Number[3..]}-1";
        var quality = await app.SignInAsync("u-li");
        var row = quality.Locator($"tr[data-record='{id}']");
        await ConsolePages.RefreshUntilVisibleAsync(quality, row, $"{id} in quality's inbox");
        await Expect(row).ToContainTextAsync("退换货");
        await row.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await quality.Locator(".buttons button[data-action=inspection]").ClickAsync();
        await quality.Locator("#action-panel select[name=result]").SelectOptionAsync("defectConfirmed");
        await quality.Locator("#action-panel select[name=responsibility]").SelectOptionAsync("production");
        await quality.Locator("#action-panel textarea[name=findings]").FillAsync("2件外壳喷涂起泡，确认为生产缺陷");
        await quality.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(quality.Locator(".subtitle .badge.state")).ToHaveTextAsync("待发换货");

        await procurement.ReloadAsync();
        await procurement.Locator(".buttons button[data-action=replacement]").ClickAsync();
        await procurement.Locator("#action-panel input[name=carrier]").FillAsync("德邦物流");
        await procurement.Locator("#action-panel input[name=trackingNumber]").FillAsync("DB998877");
        await procurement.Locator("#action-panel button[type=submit]").ClickAsync();
        await procurement.Locator(".buttons button[data-action=closure]").ClickAsync();
        await procurement.Locator("#action-panel button[type=submit]").ClickAsync();
        await Expect(procurement.Locator(".subtitle .badge.state")).ToHaveTextAsync("已关闭");
        await Expect(procurement.Locator(".timeline li")).ToHaveCountAsync(6);
        await ConsolePages.CheckAsync(procurement, "return");

        await procurement.GotoAsync(app.Console + $"#/complaints/{complaint.Number}");
        await Poll.UntilAsync(async () =>
        {
            await procurement.ReloadAsync();
            return await procurement.Locator("section[aria-labelledby=links-title] .facts").TextContentAsync() ?? "";
        }, facts => facts.Contains(id, StringComparison.Ordinal) && facts.Contains("换货", StringComparison.Ordinal) && !facts.Contains("待", StringComparison.Ordinal),
            what: $"{complaint.Number} showing {id} ended");
        Assert.Empty(app.Errors);
    }
}

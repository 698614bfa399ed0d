using System.Net;
using System.Net.Http.Json;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// The technician's service record card on a phone (390×844, touch) in headless Chromium: the
/// visit opened by the complaint's dispatch is in their list; what they fill is kept on the phone
/// when the network drops and sent when it returns; the customer signs on the screen and the visit
/// is completed with the drawing as its signed card.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleVisitTests(ConsoleFixture app)
{
    [Fact]
    public async Task ATechnicianFillsTheCardOnAPhoneKeepsItThroughANetworkDropAndCompletesItWithTheCustomersSignature()
    {
        var complaint = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: "宿迁宏达机械"))).RoutedAsync();
        await complaint.DoAsync("triage", new { path = "generalOnSite", analysis = "主轴异响, 需现场处理" });
        await complaint.DoAsync("dispatch", new { technician = new { id = "u-sun", name = "孙师傅" } });
        var sun = app.CreateClient("u-sun", "孙师傅", "technician");
        var mine = await Poll.UntilAsync(async () => await sun.GetFromJsonAsync<List<VisitRow>>("/api/visits/mine", Api.Options) ?? [],
            rows => rows.Count > 0 && rows.Any(r => r.Subject.Contains("宿迁宏达机械", StringComparison.Ordinal)), what: "the visit in 孙师傅's list");
        var id = mine.First(r => r.Subject.Contains("宿迁宏达机械", StringComparison.Ordinal)).Id;

        var page = await app.SignInAsync("u-sun", phone: true, at: "#/visits");
        await page.Locator($"[data-visit='{id}'] a").ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(id);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await page.Locator("#visit-card .when").First.GetByRole(AriaRole.Button).ClickAsync();
        await page.FillAsync("#visit-card textarea[name=observations]", "主轴轴承磨损, 运转时异响");

        // The network drops: the card stays on the phone, and goes out when the network is back.
        await page.Context.SetOfflineAsync(true);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Expect(page.Locator(".notice.offline")).ToBeVisibleAsync();
        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator(".notice.success")).ToBeVisibleAsync();
        var saved = await (await sun.GetAsync($"/api/visits/{id}")).ReadJsonAsync();
        Assert.Equal("主轴轴承磨损, 运转时异响", saved["visit"]!["card"]!["observations"]!.GetValue<string>());
        Assert.Equal("onSite", saved["visit"]!["stage"]!.GetValue<string>());

        await page.Locator("#visit-card .when").Nth(1).GetByRole(AriaRole.Button).ClickAsync();
        await page.FillAsync("#visit-card textarea[name=workDone]", "更换主轴轴承, 试机正常");
        await page.Locator("#visit-card input[name=inWarranty][value=true]").CheckAsync();
        await page.FillAsync("#visit-card input[name=customerRepresentative]", "宿迁宏达 周经理");
        await page.Locator("#visit-card input[name=effectVerified][value=true]").CheckAsync();
        await ConsolePages.CheckAsync(page, "visit-phone");

        // Completing without the signature is refused next to the field that needs it.
        await page.GetByRole(AriaRole.Button, new() { Name = "完成服务" }).ClickAsync();
        await Expect(page.Locator(".status [role=alert]")).ToContainTextAsync("signed card");

        // The customer signs on the screen.
        var pad = page.Locator("canvas.signature");
        var box = (await pad.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 20, box.Y + 100);
        await page.Mouse.DownAsync();
        foreach (var (x, y) in new[] { (60, 40), (100, 120), (140, 50), (200, 110), (260, 60) })
        {
            await page.Mouse.MoveAsync(box.X + x, box.Y + y, new() { Steps = 4 });
        }
        await page.Mouse.UpAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认签字" }).ClickAsync();
        await Expect(page.Locator("section[aria-labelledby=signature-title] .notice.success")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "完成服务" }).ClickAsync();
        await Expect(page.Locator(".subtitle .badge.state")).ToHaveTextAsync("已完成, 顾客已签字");

        var done = await (await sun.GetAsync($"/api/visits/{id}")).ReadJsonAsync();
        var signedCard = done["visit"]!["card"]!["signedCard"]!.GetValue<string>();
        var signature = await sun.GetAsync($"/api/attachments/visit/{id}/{signedCard}");
        Assert.Equal(HttpStatusCode.OK, signature.StatusCode);
        Assert.Equal("image/png", signature.Content.Headers.ContentType?.MediaType);
        Assert.True((await signature.Content.ReadAsByteArrayAsync()).Length > 500, "the signature is a drawing, not an empty image");
        Assert.Empty(app.Errors);
    }

    private sealed record VisitRow(string Id, string Subject);
}

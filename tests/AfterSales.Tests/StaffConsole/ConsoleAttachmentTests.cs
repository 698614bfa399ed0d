using AfterSales.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AfterSales.Tests.StaffConsole;

/// <summary>
/// Attachments in headless Chromium: marketing takes a complaint with a photo (as the phone's
/// camera or a file picker gives it), the photo is sent once the complaint has its number, and
/// the complaint page shows it as a picture; a document dropped on the complaint page joins it.
/// </summary>
[Collection(ConsoleFixture.Collection)]
public class ConsoleAttachmentTests(ConsoleFixture app)
{
    /// <summary>A 48×32 PNG (a real image: the API reads the bytes, not the name).</summary>
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAk0lEQVR42u3OUYaCAQBG0X8l9zkihoiIiIghIiIiIiJiGCIiIiIiIiIiIoZh9nCX1S7m6TsrOIUlLGMFP7CKNaxjA5vYwjZ28BO72MM+DnCIIxzjBKc4wzku8Au/cYkrXOMGt7jDPR7wiCc84wWveMM7PvCJL/zBX/yjSCihhBJKKKGEEkoooYQSSiihhBJK6D9Db32O+2pcREKqAAAAAElFTkSuQmCC");

    [Fact]
    public async Task AComplaintTakenWithAPhotoShowsThePhotoOnItsPageAndADroppedDocumentJoinsIt()
    {
        var page = await app.SignInAsync("u-wang", at: "#/intake");
        var customer = "盐城" + Guid.NewGuid().ToString("N")[..4] + "机械有限公司";
        await page.Locator("#customer-search").PressSequentiallyAsync(customer[..4]);
        await page.Locator("#customer-results [role=option].create").ClickAsync();
        await page.FillAsync("#new-name", customer);
        await page.FillAsync("#intake-description", "导轨拉伤，见照片");
        await Expect(page.Locator("#intake-attachments-camera")).ToHaveAttributeAsync("capture", "environment"); // a phone opens its camera
        await page.SetInputFilesAsync("#intake-attachments-camera", new FilePayload { Name = "导轨拉伤.png", MimeType = "image/png", Buffer = Photo });
        await Expect(page.Locator("#intake-attachments .files.pending")).ToContainTextAsync("导轨拉伤.png");
        await ConsolePages.CheckAsync(page, "intake-attachment");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存并生成编号" }).ClickAsync();
        await Expect(page.Locator(".result .uploads")).ToContainTextAsync("已上传 1 个附件");
        var number = (await page.Locator(".result .number").TextContentAsync())!.Trim();
        await Expect(page.Locator("#intake-attachments .files.pending li")).ToHaveCountAsync(0);

        // The complaint page shows the photo itself, fetched with the token.
        await page.GetByRole(AriaRole.Link, new() { Name = "打开投诉" }).ClickAsync();
        var image = page.Locator(".attachments img[alt='导轨拉伤.png']");
        await Expect(image).ToBeVisibleAsync();
        Assert.Equal(48, await image.EvaluateAsync<int>("img => img.naturalWidth"));

        // A document dropped on the page's zone is attached too, and listed without a preview.
        await page.Locator("section[aria-labelledby=attachments-title] details summary").ClickAsync();
        var drop = await page.EvaluateHandleAsync("""
            () => { const d = new DataTransfer(); d.items.add(new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], '检测报告.pdf', { type: 'application/pdf' })); return d; }
            """);
        await page.DispatchEventAsync("#complaint-attachments", "drop", new { dataTransfer = drop });
        await Expect(page.Locator("#complaint-attachments .files.pending")).ToContainTextAsync("检测报告.pdf");
        await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Expect(page.Locator(".attachments li")).ToHaveCountAsync(2);
        await Expect(page.Locator(".attachments li", new() { HasText = "检测报告.pdf" }).Locator("img")).ToHaveCountAsync(0);
        await ConsolePages.CheckAsync(page, "complaint-attachments");

        var listed = await (await app.CreateClient().GetAsync($"/api/attachments/complaint/{number}")).ReadJsonAsync();
        Assert.Equal(["导轨拉伤.png", "检测报告.pdf"], listed["items"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        Assert.Equal("image/png", listed["items"]![0]!["contentType"]!.GetValue<string>());
        Assert.Empty(app.Errors);
    }
}

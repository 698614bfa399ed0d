using System.Net;
using AfterSales.Tests.Infrastructure;
using static AfterSales.Tests.Notifications.NotificationsApp;

namespace AfterSales.Tests.Notifications;

/// <summary>Departments and people told in Outlook: the exact sendMail requests the real GraphServiceClient makes.</summary>
public class MailTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private readonly HttpClient _http = app.CreateClient();

    [Fact]
    public async Task ANewComplaintIsMailedToMarketingAsTheSenderMailboxInChinese()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "邮件测试机械厂"))).RoutedAsync();

        var mail = (await app.MailsAsync(c.Number, where: m => To(m).Contains("marketing@contoso.test"))).Single();
        Assert.Equal($"/v1.0/users/{Sender}/sendMail", mail.Path);
        Assert.Equal($"Bearer {GraphToken}", mail.Header("Authorization"));
        var message = Message(mail);
        Assert.Equal(["marketing@contoso.test"], To(message));
        Assert.Equal($"[AfterSales] {c.Number} · 新的待办: 初步分析", Subject(message));
        Assert.Equal("html", message["body"]!["contentType"]!.GetValue<string>(), ignoreCase: true);
        var html = Html(message);
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.Contains("邮件测试机械厂", html, StringComparison.Ordinal);
        Assert.Contains("市场营销部", html, StringComparison.Ordinal);
        Assert.Contains("(北京时间)", html, StringComparison.Ordinal);
        Assert.Contains($"https://aftersales.test/api/complaints/{c.Number}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000000", html, StringComparison.Ordinal); // never the customer's phone
        Assert.False(System.Text.Json.Nodes.JsonNode.Parse(mail.Body)!["SaveToSentItems"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ADepartmentGroupsMembersAreLookedUpAndToldInTheDepartmentsLanguage()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "质量语言测试厂"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "qualityRemote", analysis = "参数缺陷" });

        var mail = (await app.MailsAsync(c.Number, where: m => To(m).Contains("quality@contoso.test"))).Single();
        var message = Message(mail);
        Assert.Equal(["quality@contoso.test", "liu.quality@contoso.test", "chen.quality@contoso.test"], To(message));
        Assert.Equal($"[AfterSales] {c.Number} · New work: Remote solution", Subject(message));
        Assert.Contains("lang=\"en\"", Html(message), StringComparison.Ordinal);
        Assert.Contains("Quality problem, solved remotely", Html(message), StringComparison.Ordinal);
        var lookup = app.Stub.Where(r => r.Path == GroupMembersPath).First();
        Assert.Equal("?$select=mail&$top=999", lookup.Query);
    }

    [Fact]
    public async Task TheFirstContactOwnerHearsOfChangesOthersMakeInTheirOwnLanguage()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "首问责任测试厂"))).RoutedAsync();
        var colleague = app.CreateClient("u-li", "李强", Roles.Marketing);
        await new ComplaintClient(colleague, c.Number, c.ETag).DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });

        var mail = (await app.MailsAsync(c.Number, where: m => To(m).Contains("wang.fang@contoso.test") && Subject(m).EndsWith("Triaged", StringComparison.Ordinal))).Single();
        var message = Message(mail);
        Assert.Equal($"[AfterSales] {c.Number} · Your complaint changed: Triaged", Subject(message));
        Assert.Contains("李强", Html(message), StringComparison.Ordinal);
        // The owner's own changes (taking it, here) are not mailed back to them.
        Assert.DoesNotContain(app.Mails(c.Number), m => To(Message(m)).Contains("wang.fang@contoso.test") && Subject(Message(m)).Contains("Received", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheTechnicianSentOnSiteIsTold()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "派工测试厂"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });

        var mail = (await app.MailsAsync(c.Number, where: m => To(m).Contains("zhao.tech@contoso.test"))).Single();
        Assert.Equal($"[AfterSales] {c.Number} · 现场服务派工: 现场服务", Subject(Message(mail)));
        Assert.Contains("派工测试厂", Html(Message(mail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARedeliveredOrReplayedEventDoesNotMailTwice()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "重复投递测试厂"))).RoutedAsync();
        await app.MailsAsync(c.Number, where: m => To(m).Contains("marketing@contoso.test"));
        var routed = (await c.TimelineAsync()).Single(e => e!["type"]!.GetValue<string>() == "RoutedToDepartment")!;

        // The same delivery twice (the host's at-least-once): its notices exist, nothing is sent again.
        for (var i = 0; i < 2; i++)
        {
            var response = await _http.PostAsync("/NotifyPeople", FeedEnvelopes.Content(FeedEnvelopes.Message("complaint", c.Number, routed)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // A replay (deliberately, of the whole history): the notices exist already and are not sent again.
        var replay = await _http.PostJsonAsync("/api/admin/feed/NotifyPeople/replay", new { recordKind = "complaint", recordId = c.Number });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Poll.UntilAsync(async () => (await (await _http.GetAsync("/api/admin/feed")).ReadJsonAsync()).AsArray()
            .Single(q => q!["name"]!.GetValue<string>() == "NotifyPeople")!["waiting"]!.GetValue<int>(), n => n == 0, what: "the replay handled");

        // A later change is mailed; by then the duplicates would have been too.
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "x" });
        await app.MailsAsync(c.Number, where: m => Subject(m).Contains("远程解决", StringComparison.Ordinal));
        Assert.Single(app.Mails(c.Number), m => Subject(Message(m)).Contains("初步分析", StringComparison.Ordinal));
    }
}

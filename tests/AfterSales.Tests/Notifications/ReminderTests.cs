using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;
using static AfterSales.Tests.Notifications.NotificationsApp;

namespace AfterSales.Tests.Notifications;

/// <summary>An app of its own: these tests move its clock by hours.</summary>
public sealed class ReminderApp(AzuriteFixture azurite) : NotificationsApp(azurite);

/// <summary>Due-soon reminders and the daily digest, fired as the host fires their timers.</summary>
public class ReminderTests(ReminderApp app) : IClassFixture<ReminderApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private async Task InMarketingsInboxAsync(string number) =>
        await Poll.UntilAsync(async () => (await (await _http.GetAsync("/api/departments/marketing/inbox?pageSize=200")).ReadJsonAsync())["items"]!.AsArray()
            .Any(i => i!["recordId"]!.GetValue<string>() == number), found => found, what: $"{number} in marketing's inbox");

    [Fact]
    public async Task AStepFallingDueIsRemindedToItsDepartmentOnce()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "到期提醒测试厂"))).RoutedAsync();
        await InMarketingsInboxAsync(c.Number);
        await app.RunTimerAsync("RemindDueWork");
        Assert.DoesNotContain(app.Mails(c.Number), m => Subject(Message(m)).Contains("即将到期", StringComparison.Ordinal));

        // Triage is due 8 h after filing; 4 h before that it is due soon.
        app.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(5));
        await app.RunTimerAsync("RemindDueWork");
        await app.RunTimerAsync("RemindDueWork");

        var mail = (await app.MailsAsync(c.Number, where: m => Subject(m).Contains("即将到期", StringComparison.Ordinal))).Single();
        Assert.Equal(["marketing@contoso.test"], To(Message(mail)));
        Assert.Equal($"[AfterSales] {c.Number} · 即将到期: 初步分析", Subject(Message(mail)));
        Assert.Contains("到期提醒测试厂", Html(Message(mail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachDepartmentGetsOneDigestOfItsOpenWorkAtTheDigestHour()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "每日汇总测试厂"))).RoutedAsync();
        await InMarketingsInboxAsync(c.Number);
        var china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), china);
        var eight = new DateTimeOffset(local.Date.AddHours(8).AddMinutes(1), local.Offset);
        // The next 08:01 far enough ahead that triage (due 8 h after filing) is overdue by then.
        while (eight - local < TimeSpan.FromHours(9)) eight = eight.AddDays(1);
        app.Clock.Advance(eight - local);

        await app.RunTimerAsync("SendDailyDigests");
        await app.RunTimerAsync("SendDailyDigests");

        bool Digest(StubRequest r) => r.Path.EndsWith("/sendMail", StringComparison.Ordinal) && r.Body.Contains("marketing@contoso.test", StringComparison.Ordinal)
            && Subject(Message(r)).Contains("每日待办汇总", StringComparison.Ordinal);
        var digest = (await Poll.UntilAsync(() => Task.FromResult(app.Stub.Where(Digest)), d => d.Count >= 1, what: "marketing's digest")).Single();
        var html = Html(Message(digest));
        Assert.Contains(c.Number, html, StringComparison.Ordinal);
        Assert.Contains("每日汇总测试厂", html, StringComparison.Ordinal);
        Assert.Contains("已逾期", html, StringComparison.Ordinal); // more than 8 h later, triage is overdue
        Assert.StartsWith("[AfterSales] 每日待办汇总: 市场营销部", Subject(Message(digest)), StringComparison.Ordinal);
        // Procurement has no mailbox configured: nobody to tell, nothing sent.
        Assert.Empty(app.Stub.Where(r => r.Body.Contains("procurement", StringComparison.Ordinal) && r.Path.EndsWith("/sendMail", StringComparison.Ordinal)));
    }
}

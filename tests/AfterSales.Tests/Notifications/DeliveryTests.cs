using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Notifications;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static AfterSales.Tests.Notifications.NotificationsApp;

namespace AfterSales.Tests.Notifications;

/// <summary>Delivery you can trust: throttling honoured, failures visible to admins, a failed notification sent again.</summary>
public class DeliveryTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _admin = app.CreateClient("u-admin", "管理员", Roles.Admin);

    /// <summary>Mail to marketing about the customer named with <paramref name="marker"/> (ASCII, so it shows as is in the JSON).</summary>
    private static bool ToMarketing(StubRequest r, string marker) =>
        r.Path.EndsWith("/sendMail", StringComparison.Ordinal) && r.Body.Contains(marker, StringComparison.Ordinal) && r.Body.Contains("marketing@contoso.test", StringComparison.Ordinal);

    private NotificationStore Store => app.Services.GetRequiredService<NotificationStore>();

    private static string NoticeId(string eventId) =>
        new Notice(NoticeKind.StepRouted, NoticeChannel.Mail, Audience.Of(Department.Marketing), eventId, "complaint", "x").Id;

    private static async Task<string> RoutedEventIdAsync(ComplaintClient c) =>
        (await c.TimelineAsync()).Single(e => e!["type"]!.GetValue<string>() == "RoutedToDepartment")!["id"]!.GetValue<string>();

    [Fact]
    public async Task AThrottledGraphAnswerIsTriedAgainAfterRetryAfter()
    {
        const string number = "ThrottledCo";
        app.Stub.On(r => ToMarketing(r, number),
            new StubResponse(429, """{"error":{"code":"ApplicationThrottled","message":"Too many requests"}}""",
                new Dictionary<string, string> { ["Retry-After"] = "2", ["Content-Type"] = "application/json" }),
            StubResponse.Accepted);
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: number + " 限流测试厂"))).RoutedAsync();
        var id = NoticeId(await RoutedEventIdAsync(c));

        var tries = await Poll.UntilAsync(() => Task.FromResult(app.Stub.Where(r => ToMarketing(r, number))), t => t.Count >= 2, what: "a second try");
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(1.9), $"tried again after {(tries[1].At - tries[0].At).TotalSeconds:F1} s");
        Assert.Equal(tries[0].Body, tries[1].Body);
        var sent = await Poll.UntilAsync(() => Store.GetAsync(id, default), s => s?.Status == NotificationStatus.Sent, what: "sent");
        Assert.Equal(2, sent!.Attempts);
        Assert.Equal(2, app.Stub.Where(r => ToMarketing(r, number)).Count);
    }

    [Fact]
    public async Task AfterTheLastTryANotificationIsFailedListedForAdminsAndResent()
    {
        const string number = "FailingCo";
        var error = StubResponse.Json("""{"error":{"code":"ServiceUnavailable","message":"Try later"}}""", 503);
        app.Stub.On(r => ToMarketing(r, number), error, error, StubResponse.Accepted);
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: number + " 失败重发测试厂"))).RoutedAsync();
        var id = NoticeId(await RoutedEventIdAsync(c));

        // Two tries (MaxAttempts), then failed: listed for admins, on the poison queue.
        var failed = await Poll.UntilAsync(async () => (await (await _admin.GetAsync("/api/admin/notifications")).ReadJsonAsync())["items"]!.AsArray()
            .FirstOrDefault(n => n!["id"]!.GetValue<string>() == id), n => n is not null, what: "the failed notification listed");
        Assert.Equal("failed", failed!["status"]!.GetValue<string>());
        Assert.Equal(2, failed["attempts"]!.GetValue<int>());
        Assert.Contains("503", failed["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(c.Number, failed["recordId"]!.GetValue<string>());
        Assert.Null(failed["notice"]); // admins never see the record's content
        await Poll.UntilAsync(async () => (await app.Storage.Queue("notifications-poison").PeekMessagesAsync(32)).Value,
            poison => poison.Any(m => m.Body.ToString().Contains(id, StringComparison.Ordinal)), what: "the id on the poison queue");

        var resent = await _admin.PostAsync($"/api/admin/notifications/{id}/resend", null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        await Poll.UntilAsync(() => Store.GetAsync(id, default), s => s?.Status == NotificationStatus.Sent, what: "sent after the resend");
        Assert.Equal(3, app.Stub.Where(r => ToMarketing(r, number)).Count);
        Assert.DoesNotContain((await (await _admin.GetAsync("/api/admin/notifications")).ReadJsonAsync())["items"]!.AsArray(),
            n => n!["id"]!.GetValue<string>() == id);

        var again = await _admin.PostAsync($"/api/admin/notifications/{id}/resend", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync("/api/admin/notifications/nope/resend", null)).StatusCode);
    }

    [Fact]
    public void RetryWaitsFollowRetryAfterOrDoubleUpToTheLimit()
    {
        var sender = app.Services.CreateScope().ServiceProvider.GetRequiredService<SendNotifications>();
        Assert.Equal(TimeSpan.FromSeconds(7), sender.Delay(TimeSpan.FromSeconds(7), 1));
        Assert.Equal(TimeSpan.FromSeconds(1), sender.Delay(null, 1));
        Assert.Equal(TimeSpan.FromSeconds(2), sender.Delay(null, 2));
        Assert.Equal(TimeSpan.FromSeconds(5), sender.Delay(null, 9));
        var now = DateTimeOffset.Parse("2026-11-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(30), DeliveryFailure.ParseRetryAfter("30", now));
        Assert.Equal(TimeSpan.FromMinutes(2), DeliveryFailure.ParseRetryAfter("Thu, 05 Nov 2026 08:02:00 GMT", now));
        Assert.Null(DeliveryFailure.ParseRetryAfter("soon", now));
    }
}

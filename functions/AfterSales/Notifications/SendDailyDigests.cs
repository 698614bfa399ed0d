using AfterSales.Complaints;
using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.WorkItems;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

/// <summary>
/// Timer function (hourly): at <see cref="NotificationOptions.DigestHour"/> in the company's time
/// zone, sends each department with recipients its open and overdue work (its inbox, every kind of
/// record, overdue first). One digest per department and day: its id is made of both.
/// </summary>
public sealed class SendDailyDigests(Inbox inbox, NotificationStore store, IOptions<NotificationOptions> options, IOptions<ServiceOptions> service, TimeProvider clock) : ITimerFunction
{
    public const string Schedule = "0 0 * * * *";

    /// <summary>A digest lists at most this many items (the inbox link shows the rest).</summary>
    public const int MaxLines = 400;

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, service.Value.Zone());
        if (o.Delivery == Delivery.Off || local.Hour != o.DigestHour)
        {
            return;
        }
        foreach (var department in Enum.GetValues<Department>())
        {
            if (o.For(department) is not { } r || (string.IsNullOrWhiteSpace(r.Mailbox) && string.IsNullOrWhiteSpace(r.Group)))
            {
                continue;
            }
            var lines = new List<DigestLine>();
            string? token = null;
            do
            {
                var page = await inbox.ListAsync(department, InboxFilter.All, PageSize.Max, token, cancellationToken);
                lines.AddRange(page.Items.Select(i => new DigestLine(i.RecordKind, i.RecordId, i.Step, i.DueAt, i.Overdue, i.Paused, i.Subject, i.Owner, i.State)));
                token = page.ContinuationToken;
            }
            while (token is not null && lines.Count < MaxLines);
            var day = local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await store.EnqueueAsync(new Notice(NoticeKind.DailyDigest, NoticeChannel.Mail, Audience.Of(department), $"digest|{department.Code()}|{day}", "department", department.Code())
            {
                Digest = lines,
                At = now,
            }, cancellationToken);
        }
    }
}

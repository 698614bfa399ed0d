using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.WorkItems;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

/// <summary>
/// Timer function (every 15 minutes): tells each department of its steps that fall due within
/// <see cref="NotificationOptions.DueSoonWindow"/>, any kind of record (a complaint's step, a CAPA
/// measure, a visit). Per department: one key-range query of the inbox and one of the reminders
/// already made, so a step is reminded once per due time (a paused and resumed step, whose due
/// time moved, is reminded again). Overdue steps are told when they are escalated.
/// </summary>
public sealed class RemindDueWork(Inbox inbox, NotificationStore store, RecordFactsSources sources, IOptions<NotificationOptions> options, TimeProvider clock) : ITimerFunction
{
    public const string Schedule = "0 */15 * * * *";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        if (options.Value.Delivery == Delivery.Off)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var until = now + options.Value.DueSoonWindow;
        foreach (var department in Enum.GetValues<Department>())
        {
            var due = await inbox.DueBetweenAsync(department, now, until, cancellationToken);
            if (due.Count == 0)
            {
                continue;
            }
            var reminded = await store.RemindedAsync(department, Inbox.DueKey(now), Inbox.DueKey(until), cancellationToken);
            foreach (var item in due)
            {
                var key = Inbox.RowKey(item.DueAt, item.RecordKind, item.RecordId, item.StepId);
                if (reminded.Contains(key) || await sources.ReadAsync(item.RecordKind, item.RecordId, cancellationToken) is not { } facts)
                {
                    continue;
                }
                var audience = Audience.Of(department);
                await store.EnqueueAsync(new Notice(NoticeKind.StepDueSoon, NoticeChannel.Mail, audience, $"due|{key}", item.RecordKind, item.RecordId)
                {
                    Facts = facts.For(audience),
                    Steps = [new StepFacts(item.StepId, item.Step, department, item.DueAt) { Stage = item.Stage }],
                    At = now,
                }, cancellationToken);
                await store.MarkRemindedAsync(department, key, cancellationToken);
            }
        }
    }
}

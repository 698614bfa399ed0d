using AfterSales.ChangeFeed;
using AfterSales.Kernel;

namespace AfterSales.Notifications;

/// <summary>
/// Change-feed subscriber (keyed by event, no receipts: a notice's id is made from its event): turns each committed change
/// into the notices <see cref="NoticeRules"/> gives, each showing what its audience may see of the
/// record, and queues them. Sending happens off the feed (<see cref="SendNotifications"/>), so a
/// slow or throttled Graph never holds up the feed, and a redelivered event finds its notices made.
/// </summary>
public sealed class NotifyPeople(RecordFactsSources sources, NotificationStore store, Microsoft.Extensions.Options.IOptions<NotificationOptions> options) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (options.Value.Delivery == Delivery.Off)
        {
            return;
        }
        var facts = await sources.ReadAsync(e.RecordKind, e.RecordId, ct);
        if (facts is null)
        {
            return;
        }
        foreach (var notice in NoticeRules.For(e, facts.Owner))
        {
            await store.EnqueueAsync(notice with { Facts = facts.For(notice.Audience) }, ct);
        }
    }
}

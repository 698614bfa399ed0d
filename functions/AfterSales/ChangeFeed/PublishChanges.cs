using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Queue function on <see cref="ChangeFeed.Queue"/>: for each announcement, reads the announced
/// events from the record's history. Found with the announced ids: the change committed, so it
/// is appended to the <see cref="FeedLog"/> and sent to every subscriber that wants it. Another
/// change holds those positions: this one never committed, and is dropped. Not there yet: the
/// writer may still be committing, so it looks again shortly, then later (a deferred copy), and
/// drops it when it never appears (the writer stopped before committing). The record's own row
/// and its inbox row come in the same query and are offered to the subscribers handed the change
/// in-process (<see cref="ChangeRows"/>).
/// </summary>
public sealed class PublishChanges(RecordKinds kinds, StorageAccount storage, ChangeFeed feed, FeedFanOut fanOut, FeedLog log, ILogger<PublishChanges> logger) : IQueueFunction
{
    /// <summary>Short waits for a commit that is a few milliseconds behind its announcement.</summary>
    private static readonly int[] WaitsMs = [10, 20, 40, 80, 160];

    /// <summary>Deferred looks (1 s, 2 s, ... up to a minute apart, about 6 minutes in all) before an announcement is dropped.</summary>
    public const int MaxDeferrals = 10;

    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var announcement = Json.Deserialize<FeedAnnouncement>(message.Body);
        var kind = kinds.Get(announcement.Kind);
        var table = storage.Table(kind.Table);
        for (var attempt = 0; ; attempt++)
        {
            var (events, rows) = await RecordHistory.ReadWithRowsAsync(table, announcement.Id, announcement.From, announcement.To, ChangeRows.Keys, cancellationToken);
            switch (Verdict(announcement, events))
            {
                case Found.Committed:
                    new ChangeRows(table.Name, announcement.Id, rows).Offer();
                    await log.AppendAsync(events, cancellationToken);
                    await fanOut.FanOutAsync(events, cancellationToken);
                    return;
                case Found.Superseded:
                    logger.LogInformation("{Kind} {Id} events {From}-{To} were never committed (another change took their place)",
                        announcement.Kind, announcement.Id, announcement.From, announcement.To);
                    return;
                case Found.Nothing when attempt < WaitsMs.Length:
                    await Task.Delay(WaitsMs[attempt], cancellationToken);
                    continue;
                default:
                    if (announcement.Deferrals >= MaxDeferrals)
                    {
                        logger.LogWarning("{Kind} {Id} events {From}-{To} never appeared; their writer stopped before committing",
                            announcement.Kind, announcement.Id, announcement.From, announcement.To);
                        return;
                    }
                    await feed.DeferAsync(announcement, cancellationToken);
                    return;
            }
        }
    }

    private enum Found { Nothing, Committed, Superseded }

    private static Found Verdict(FeedAnnouncement a, IReadOnlyList<RecordEvent> events)
    {
        if (events.Count == 0)
        {
            return Found.Nothing;
        }
        if (events[0].Id != a.Events[0])
        {
            return Found.Superseded;
        }
        return events.Select(e => e.Id).SequenceEqual(a.Events) ? Found.Committed : Found.Nothing;
    }
}

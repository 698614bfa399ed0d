using AfterSales.Kernel;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>An announcement as sent, so a writer whose commit failed can take it back.</summary>
public sealed record AnnouncedChange(string MessageId, string PopReceipt);

/// <summary>
/// The change feed as writers see it: every committed change of every record is published as
/// typed events to each subscriber's queue (<see cref="FeedFanOut"/>). Writers announce a change on
/// the <see cref="Queue"/> just before they commit it (one request, on the request path);
/// <see cref="PublishChanges"/> does the rest off it.
/// </summary>
public sealed class ChangeFeed(StorageAccount storage, ILogger<ChangeFeed> logger)
{
    /// <summary>The queue of announcements, read by <see cref="PublishChanges"/>.</summary>
    public const string Queue = "change-feed";

    public async Task<AnnouncedChange> AnnounceAsync(string kind, string id, IReadOnlyList<RecordEvent> events, CancellationToken ct)
    {
        var announcement = new FeedAnnouncement(kind, id, events[0].Sequence, events[^1].Sequence, [.. events.Select(e => e.Id)]);
        // Sent quietly: a local runner woken now would look before the commit lands.
        var receipt = (await storage.Queue(Queue).SendMessageAsync(Json.Serialize(announcement), cancellationToken: ct)).Value;
        return new AnnouncedChange(receipt.MessageId, receipt.PopReceipt);
    }

    /// <summary>The change is committed: a local runner may publish it now (in Azure the host polls by itself).</summary>
    public void Committed() => storage.Activity.Notify(Queue);

    /// <summary>Takes back the announcement of a change that was not committed; if it is already being read, the feed drops it itself.</summary>
    public async Task WithdrawQuietlyAsync(AnnouncedChange announced, CancellationToken ct)
    {
        try
        {
            await storage.Queue(Queue).DeleteMessageAsync(announced.MessageId, announced.PopReceipt, ct);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailures.IsUnavailable(ex))
        {
            logger.LogDebug(ex, "Announcement {Message} left for the feed to drop", announced.MessageId);
        }
    }

    /// <summary>Looks at an announcement again later: its change may still be committing.</summary>
    public Task DeferAsync(FeedAnnouncement announcement, CancellationToken ct)
    {
        var next = announcement with { Deferrals = announcement.Deferrals + 1 };
        var delay = TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(next.Deferrals, 6)));
        return storage.SendAsync(Queue, Json.Serialize(next), delay, ct);
    }
}

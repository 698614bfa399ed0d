using AfterSales.Kernel;
using AfterSales.Messaging;

namespace AfterSales.ChangeFeed;

/// <summary>An announcement as sent, so a writer whose commit failed can take it back.</summary>
public sealed record AnnouncedChange(SentMessage Sent);

/// <summary>
/// The change feed as writers see it: every committed change of every record is published as
/// typed events to each subscriber's queue (<see cref="FeedFanOut"/>). Writers announce a change on
/// the <see cref="Queue"/> just before they commit it (one request, on the request path);
/// <see cref="PublishChanges"/> does the rest off it.
/// </summary>
public sealed class ChangeFeed(IMessageTransport transport, ILogger<ChangeFeed> logger)
{
    /// <summary>The queue of announcements, read by <see cref="PublishChanges"/>.</summary>
    public const string Queue = "change-feed";

    public async Task<AnnouncedChange> AnnounceAsync(string kind, string id, IReadOnlyList<RecordEvent> events, CancellationToken ct)
    {
        var announcement = new FeedAnnouncement(kind, id, events[0].Sequence, events[^1].Sequence, [.. events.Select(e => e.Id)]);
        // Sent quietly: a local runner woken now would look before the commit lands.
        var sent = await transport.SendAsync(Queue, Message(announcement) with { Quiet = true }, ct);
        return new AnnouncedChange(sent);
    }

    /// <summary>The change is committed: a local runner may publish it now (in Azure the host polls by itself).</summary>
    public void Committed() => transport.Wake(Queue);

    /// <summary>Takes back the announcement of a change that was not committed; if it is already being read, the feed drops it itself.</summary>
    public async Task WithdrawQuietlyAsync(AnnouncedChange announced, CancellationToken ct)
    {
        if (!await transport.TryWithdrawAsync(announced.Sent, ct))
        {
            logger.LogDebug("Announcement {Message} left for the feed to drop", announced.Sent.MessageId);
        }
    }

    /// <summary>Looks at an announcement again later: its change may still be committing.</summary>
    public Task DeferAsync(FeedAnnouncement announcement, CancellationToken ct)
    {
        var next = announcement with { Deferrals = announcement.Deferrals + 1 };
        var delay = TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(next.Deferrals, 6)));
        return transport.SendAsync(Queue, Message(next) with { Delay = delay }, ct);
    }

    /// <summary>
    /// An announcement's id: its first event's, which look it is, and a nonce. Each announce is a
    /// message of its own (an intake announced again must not be dropped as a duplicate); the SDK's
    /// own retries of one send keep its id, so the broker drops those.
    /// </summary>
    private static OutgoingMessage Message(FeedAnnouncement a) =>
        new(Json.Serialize(a), $"{a.Events[0]}|announced|{a.Deferrals}|{Guid.NewGuid():N}")
        {
            Properties = new Dictionary<string, string>
            {
                ["recordKind"] = a.Kind,
                ["recordId"] = a.Id,
                ["fromSequence"] = a.From.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["toSequence"] = a.To.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
}

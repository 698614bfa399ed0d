using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Messaging;
using AfterSales.Records;
using AfterSales.Storage;

namespace AfterSales.ChangeFeed;

/// <summary>A message a queue could not handle, as an admin sees it; <see cref="Reason"/> where the transport gives one (Service Bus's dead-letter reason).</summary>
public sealed record PoisonedMessage(string MessageId, DateTimeOffset? InsertedOn, string? RecordKind, string? RecordId, int? From, int? To, string Body, string? Reason = null);

/// <summary>
/// Puts events in front of a subscriber again after a fix: from a record's stored history or from
/// the feed log for a period (handled again even where receipts say they were, since a fixed
/// subscriber may need to redo what it did wrong), or by moving its poisoned messages back to its
/// queue (where receipts keep what it already handled from reaching it twice) through
/// <see cref="IParkedMessages"/>, whichever transport holds them.
/// </summary>
public sealed class FeedReplay(StorageAccount storage, RecordKinds kinds, FeedFanOut feed, FeedLog log, IParkedMessages parked)
{
    /// <summary>Sends a record's events from <paramref name="fromSequence"/> on (those the subscriber wants); answers how many.</summary>
    public async Task<int> ReplayRecordAsync(Subscriber subscription, string kind, string id, int fromSequence, CancellationToken ct)
    {
        var recordKind = kinds.Find(kind) ?? throw ValidationException.For("recordKind", $"There is no record kind '{kind}'; kinds: {string.Join(", ", kinds.All.Select(k => k.Name))}.");
        var events = (await RecordHistory.ReadAsync(storage.Table(recordKind.Table), id, fromSequence, 999_999, ct)).Where(subscription.Wants).ToList();
        await feed.SendAsync(subscription, events, ct, replay: true);
        return events.Count;
    }

    /// <summary>Sends every event of the period that the subscriber wants; answers how many.</summary>
    public async Task<int> ReplayPeriodAsync(Subscriber subscription, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var events = new List<RecordEvent>();
        await foreach (var e in log.ReadAsync(since, until, ct))
        {
            if (subscription.Wants(e))
            {
                events.Add(e);
            }
        }
        await feed.SendAsync(subscription, events, ct, replay: true);
        return events.Count;
    }

    public async Task<IReadOnlyList<PoisonedMessage>> PoisonedAsync(QueueTrigger queue, CancellationToken ct) =>
        [.. (await parked.PeekAsync(queue, 32, ct)).Select(m => Describe(m.MessageId, m.EnqueuedAt, m.Body, m.Reason))];

    /// <summary>Moves poisoned messages back to their queue (at most <paramref name="max"/>); answers how many.</summary>
    public Task<int> RetryPoisonedAsync(QueueTrigger queue, int max, CancellationToken ct) => parked.RequeueAsync(queue, max, ct);

    private static PoisonedMessage Describe(string id, DateTimeOffset? inserted, string body, string? reason)
    {
        try
        {
            var m = Json.Deserialize<SubscriberMessage>(body);
            return new(id, inserted, m.Kind, m.Id, m.From, m.To, body, reason);
        }
        catch (System.Text.Json.JsonException)
        {
            return new(id, inserted, null, null, null, null, body, reason);
        }
    }
}

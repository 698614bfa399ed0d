using System.Text;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;

namespace AfterSales.Messaging;

/// <summary>One subscriber message as text, with what a transport needs to label it.</summary>
public sealed record FeedMessageText(string Body, string Kind, string Id, IReadOnlyList<RecordEvent> Covers, bool Replay)
{
    /// <summary>Storage queue messages hold 64 KB of base64, so 48 KB of text; larger changes travel by reference.</summary>
    public const int MaxInlineBytes = 45_000;

    /// <summary>
    /// The message's stable id: its event's id, or the first and last of its events. A replay is a
    /// new message on purpose (duplicate detection must not drop it), so it gets one of its own.
    /// </summary>
    public string MessageId(Func<string> nonce)
    {
        var id = Covers.Count == 1 ? Covers[0].Id : $"{Covers[0].Id}..{Covers[^1].Id}";
        return Replay ? $"{id}|replay|{nonce()}" : id;
    }

    /// <summary>
    /// The messages for these events (of any records), one record at a time in sequence order:
    /// each inner list is one record's messages, one inline message, or one reference per event
    /// when the record's events do not fit a queue message.
    /// </summary>
    public static IEnumerable<IReadOnlyList<FeedMessageText>> PerRecord(IEnumerable<RecordEvent> events, bool replay)
    {
        foreach (var record in events.GroupBy(e => (e.RecordKind, e.RecordId)))
        {
            var ordered = record.OrderBy(e => e.Sequence).ToList();
            var body = Json.Serialize(new SubscriberMessage(record.Key.RecordKind, record.Key.RecordId, ordered[0].Sequence, ordered[^1].Sequence, ordered, replay));
            if (Encoding.UTF8.GetByteCount(body) <= MaxInlineBytes)
            {
                yield return [new FeedMessageText(body, record.Key.RecordKind, record.Key.RecordId, ordered, replay)];
                continue;
            }
            // Too large inline: one reference per event, read back from the history by the subscriber.
            yield return [.. ordered.Select(e => new FeedMessageText(
                Json.Serialize(new SubscriberMessage(e.RecordKind, e.RecordId, e.Sequence, e.Sequence, null, replay)), e.RecordKind, e.RecordId, [e], replay))];
        }
    }
}

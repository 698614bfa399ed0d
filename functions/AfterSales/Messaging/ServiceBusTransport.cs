using System.Collections.Concurrent;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using Azure.Messaging.ServiceBus;

namespace AfterSales.Messaging;

/// <summary>
/// Service Bus (<c>Messaging__Transport=ServiceBus</c>): work queues by name, and the change feed
/// as one message per record change on the <see cref="ServiceBusEntities.FeedTopic"/> topic,
/// routed by its <c>to_&lt;Subscriber&gt;</c> properties to each subscriber's subscription (the
/// broker fans out; the subscriber function keeps only the events it wants, as it always has).
/// Message id = the event id (duplicate detection backs the receipts), session id = the record,
/// so one record's events are handled in order.
/// </summary>
public sealed class ServiceBusTransport(ServiceBusClient client, TimeProvider clock) : IMessageTransport, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    public MessagingTransport Kind => MessagingTransport.ServiceBus;

    public async Task<SentMessage> SendAsync(string queue, OutgoingMessage message, CancellationToken ct)
    {
        var m = new ServiceBusMessage(BinaryData.FromString(message.Body))
        {
            MessageId = message.MessageId,
            ContentType = "application/json",
        };
        foreach (var (key, value) in message.Properties)
        {
            m.ApplicationProperties[key] = value;
        }
        if (message.Delay is { } delay && delay > TimeSpan.Zero)
        {
            m.ScheduledEnqueueTime = clock.GetUtcNow() + delay;
        }
        await Sender(queue).SendMessageAsync(m, ct);
        return new SentMessage(queue, message.MessageId, null);
    }

    /// <summary>
    /// An enqueued Service Bus message cannot be taken back by its sender: the announcement of a
    /// change that never committed is dropped by PublishChanges itself (superseded, or not found
    /// after its deferrals).
    /// </summary>
    public Task<bool> TryWithdrawAsync(SentMessage sent, CancellationToken ct) => Task.FromResult(false);

    public async Task PublishAsync(IReadOnlyList<Subscriber> to, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        var wanted = events.Where(e => to.Any(s => s.Wants(e))).ToList();
        var sender = Sender(ServiceBusEntities.FeedTopic);
        foreach (var record in FeedMessageText.PerRecord(wanted, replay))
        {
            // One record's messages in order: they share a session.
            foreach (var text in record)
            {
                await sender.SendMessageAsync(FeedMessage(text, ServiceBusEntities.Targets(to, text)), ct);
            }
        }
    }

    public void Wake(string queue)
    {
    }

    /// <summary>A feed message: its events' id, its record's session, its labels, and one route property per subscriber that wants it.</summary>
    internal static ServiceBusMessage FeedMessage(FeedMessageText text, IEnumerable<Subscriber> targets)
    {
        var m = new ServiceBusMessage(BinaryData.FromString(text.Body))
        {
            MessageId = text.MessageId(() => Guid.NewGuid().ToString("N")),
            SessionId = ServiceBusEntities.Session(text.Kind, text.Id),
            ContentType = "application/json",
            Subject = text.Covers.Count == 1 ? text.Covers[0].Type : "changes",
        };
        m.ApplicationProperties["recordKind"] = text.Kind;
        m.ApplicationProperties["recordId"] = text.Id;
        m.ApplicationProperties["eventTypes"] = string.Join(",", text.Covers.Select(e => e.Type).Distinct(StringComparer.Ordinal));
        m.ApplicationProperties["fromSequence"] = text.Covers[0].Sequence;
        m.ApplicationProperties["toSequence"] = text.Covers[^1].Sequence;
        m.ApplicationProperties["replay"] = text.Replay;
        foreach (var s in targets)
        {
            m.ApplicationProperties[ServiceBusEntities.RouteProperty(s.Name)] = ServiceBusEntities.RouteValue;
        }
        return m;
    }

    private ServiceBusSender Sender(string entity) => _senders.GetOrAdd(entity, client.CreateSender);

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync();
        }
    }
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace AfterSales.Tests.Messaging;

/// <summary>
/// Service Bus at the SDK's own test seam: a <see cref="ServiceBusClient"/> whose senders record
/// what the app sends (by entity) and whose dead-letter receivers read messages made with
/// <see cref="ServiceBusModelFactory"/>. No broker runs here (none can be installed): this is how
/// far the tests reach, and docs/messaging.md says so.
/// </summary>
public sealed class FakeServiceBus : ServiceBusClient
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ServiceBusMessage>> _sent = new(StringComparer.Ordinal);

    /// <summary>Dead letters by entity: a queue name, or <c>topic/subscription</c>.</summary>
    public ConcurrentDictionary<string, List<ServiceBusReceivedMessage>> DeadLetters { get; } = new(StringComparer.Ordinal);

    /// <summary>Receivers opened, as <c>entity (subqueue)</c>.</summary>
    public ConcurrentQueue<string> ReceiversOpened { get; } = new();

    public IReadOnlyList<ServiceBusMessage> SentTo(string entity) => _sent.TryGetValue(entity, out var q) ? [.. q] : [];

    public override ServiceBusSender CreateSender(string queueOrTopicName) => new RecordingSender(queueOrTopicName, _sent.GetOrAdd(queueOrTopicName, _ => new()));

    public override ServiceBusSender CreateSender(string queueOrTopicName, ServiceBusSenderOptions options) => CreateSender(queueOrTopicName);

    public override ServiceBusReceiver CreateReceiver(string queueName, ServiceBusReceiverOptions options) => Receiver(queueName, options);

    public override ServiceBusReceiver CreateReceiver(string topicName, string subscriptionName, ServiceBusReceiverOptions options) =>
        Receiver($"{topicName}/{subscriptionName}", options);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private DeadLetterReceiver Receiver(string entity, ServiceBusReceiverOptions options)
    {
        ReceiversOpened.Enqueue($"{entity} ({options.SubQueue})");
        // The app reads only dead-letter queues: the active ones are the host's.
        Assert.Equal(SubQueue.DeadLetter, options.SubQueue);
        return new DeadLetterReceiver(entity, DeadLetters.GetOrAdd(entity, _ => []));
    }

    /// <summary>A dead-lettered feed message as the broker holds it after its maximum delivery count.</summary>
    public static ServiceBusReceivedMessage DeadLetter(string body, string messageId, string? sessionId, IDictionary<string, object> properties, long sequenceNumber, int deliveryCount = 5) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            sessionId: sessionId,
            contentType: "application/json",
            properties: new Dictionary<string, object>(properties)
            {
                ["DeadLetterReason"] = "MaxDeliveryCountExceeded",
                ["DeadLetterErrorDescription"] = $"Message could not be consumed after {deliveryCount} delivery attempts.",
            },
            deliveryCount: deliveryCount,
            sequenceNumber: sequenceNumber,
            enqueuedTime: DateTimeOffset.Parse("2026-11-23T10:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
            lockTokenGuid: Guid.NewGuid());

    private sealed class RecordingSender(string entity, ConcurrentQueue<ServiceBusMessage> sent) : ServiceBusSender
    {
        public override string EntityPath => entity;

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            sent.Enqueue(message);
            return Task.CompletedTask;
        }

        public override Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
        {
            foreach (var m in messages)
            {
                sent.Enqueue(m);
            }
            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class DeadLetterReceiver(string entity, List<ServiceBusReceivedMessage> messages) : ServiceBusReceiver
    {
        private readonly HashSet<ServiceBusReceivedMessage> _locked = [];

        public override string EntityPath => entity + "/$deadletterqueue";

        public override Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekMessagesAsync(int maxMessages, long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
        {
            lock (messages)
            {
                return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(
                    [.. messages.Where(m => m.SequenceNumber >= (fromSequenceNumber ?? long.MinValue)).OrderBy(m => m.SequenceNumber).Take(maxMessages)]);
            }
        }

        public override Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
        {
            lock (messages)
            {
                var batch = messages.Where(m => !_locked.Contains(m)).OrderBy(m => m.SequenceNumber).Take(maxMessages).ToList();
                _locked.UnionWith(batch);
                return Task.FromResult<IReadOnlyList<ServiceBusReceivedMessage>>(batch);
            }
        }

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
        {
            lock (messages)
            {
                Assert.True(_locked.Remove(message), "Only a received (locked) message can be completed.");
                messages.Remove(message);
            }
            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;

namespace AfterSales.Tests.Messaging;

/// <summary>
/// The envelope the Functions host posts to a custom handler for a Service Bus message: the body
/// under the trigger's binding name, and the trigger's metadata written as the host writes it
/// (each value a string holding JSON: <c>"DeliveryCount":"2"</c>, <c>"MessageId":"\"...\""</c>).
/// </summary>
public static class ServiceBusEnvelopes
{
    public static StringContent For(ServiceBusMessage message, int deliveryCount, long sequenceNumber = 1) =>
        For(message.Body.ToString(), message.MessageId, message.SessionId, message.ApplicationProperties, deliveryCount, sequenceNumber);

    public static StringContent For(string body, string messageId, string? sessionId, IDictionary<string, object> properties, int deliveryCount, long sequenceNumber = 1)
    {
        static string Quoted(object? value) => JsonSerializer.Serialize(value);
        var metadata = new JsonObject
        {
            ["DeliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
            ["MessageId"] = Quoted(messageId),
            ["EnqueuedTimeUtc"] = Quoted("2026-11-23T10:00:00Z"),
            ["SequenceNumber"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["ContentType"] = Quoted("application/json"),
            ["LockToken"] = Quoted(Guid.NewGuid().ToString()),
            ["ApplicationProperties"] = JsonSerializer.Serialize(properties),
            ["sys"] = new JsonObject { ["MethodName"] = "function", ["UtcNow"] = "2026-11-23T10:00:01Z" },
        };
        if (sessionId is not null)
        {
            metadata["SessionId"] = Quoted(sessionId);
        }
        var envelope = new JsonObject { ["Data"] = new JsonObject { ["message"] = body }, ["Metadata"] = metadata };
        return new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>What the broker would hold after giving up on <paramref name="sent"/> (its maximum delivery count).</summary>
    public static ServiceBusReceivedMessage DeadLettered(ServiceBusMessage sent, long sequenceNumber) =>
        FakeServiceBus.DeadLetter(sent.Body.ToString(), sent.MessageId, sent.SessionId, sent.ApplicationProperties, sequenceNumber);
}

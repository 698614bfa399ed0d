using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;

namespace AfterSales.Tests.Infrastructure;

/// <summary>Change-feed messages and the envelopes the Functions host wraps them in, as tests send them.</summary>
public static class FeedEnvelopes
{
    /// <summary>The queue of a subscriber, as its module declares it.</summary>
    public static string QueueOf(string subscriber) =>
        AppModules.All.SelectMany(m => m.Subscriptions).Single(s => s.Name == subscriber).Queue;

    /// <summary>A subscriber message carrying these stored events (as the timeline shows them).</summary>
    public static string Message(string kind, string id, params JsonNode[] events)
    {
        var sequences = events.Select(e => e["sequence"]!.GetValue<int>()).ToList();
        return new JsonObject
        {
            ["kind"] = kind,
            ["id"] = id,
            ["from"] = sequences.Min(),
            ["to"] = sequences.Max(),
            ["events"] = new JsonArray([.. events.Select(e => e.DeepClone())]),
        }.ToJsonString();
    }

    /// <summary>A Received event of a complaint that may not exist, as a subscriber message.</summary>
    public static string Received(string number)
    {
        var e = new AfterSales.Kernel.RecordEvent
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = "Received",
            RecordKind = "complaint",
            RecordId = number,
            Sequence = 1,
            At = DateTimeOffset.UtcNow,
            By = new("u-wang", "王芳"),
            Data = JsonSerializer.SerializeToElement(new ComplaintReceived(new("u-wang", "王芳"), ComplaintState.Received, Channel.Phone, WorkKind.Complaint, [], null), AfterSales.Kernel.Json.Options),
        };
        return AfterSales.Kernel.Json.Serialize(new SubscriberMessage("complaint", number, 1, 1, [e]));
    }

    /// <summary>The envelope the host posts for one queue message: the message as a JSON string, metadata as the host writes it.</summary>
    public static StringContent Content(string message, string dequeueCount = "1") =>
        new($$$"""{"Data":{"message":{{{JsonSerializer.Serialize(message)}}}},"Metadata":{"DequeueCount":{{{dequeueCount}}},"Id":"\"m-1\"","InsertionTime":"\"2026-11-23T10:00:00+00:00\"","PopReceipt":"\"p\""}}""",
            Encoding.UTF8, "application/json");
}

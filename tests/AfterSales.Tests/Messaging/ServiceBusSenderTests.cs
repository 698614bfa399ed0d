using System.Text.Json;
using AfterSales.ChangeFeed;
using AfterSales.Messaging;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AfterSales.Tests.Messaging;

/// <summary>What the app hands the SDK's <see cref="ServiceBusSender"/>: ids, sessions, labels and bodies.</summary>
public class ServiceBusSenderTests
{
    private readonly FakeServiceBus _bus = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Subscriber Routing = new("RouteComplaint", "feed-route-complaint", typeof(object), e => e.RecordKind == "complaint", Receipts: false);
    private static readonly Subscriber Returns = new("IndexReturnOrder", "feed-index-return-order", typeof(object), e => e.RecordKind == "returnOrder", Receipts: false);
    private static readonly Subscriber Everything = new("RecordFeed", "feed-record-feed", typeof(object), _ => true, Receipts: true);

    private ServiceBusTransport Transport => new(_bus, _clock);

    [Fact]
    public async Task AChangeIsOneTopicMessageWithItsEventIdItsRecordsSessionAndARouteForEachSubscriberThatWantsIt()
    {
        var received = Event("complaint", "KS-202611-0001", 1, "Received");

        await Transport.PublishAsync([Routing, Returns, Everything], [received], replay: false, default);

        var m = Assert.Single(_bus.SentTo(ServiceBusEntities.FeedTopic));
        Assert.Equal(received.Id, m.MessageId);
        Assert.Equal("complaint/KS-202611-0001", m.SessionId);
        Assert.Equal("Received", m.Subject);
        Assert.Equal("application/json", m.ContentType);
        Assert.Equal("complaint", m.ApplicationProperties["recordKind"]);
        Assert.Equal("KS-202611-0001", m.ApplicationProperties["recordId"]);
        Assert.Equal("Received", m.ApplicationProperties["eventTypes"]);
        Assert.Equal((1, 1, false), ((int)m.ApplicationProperties["fromSequence"], (int)m.ApplicationProperties["toSequence"], (bool)m.ApplicationProperties["replay"]));
        Assert.Equal(["to_RecordFeed", "to_RouteComplaint"], m.ApplicationProperties.Keys.Where(k => k.StartsWith("to_", StringComparison.Ordinal)).Order());
        Assert.Equal("yes", m.ApplicationProperties["to_RouteComplaint"]);
        var body = Kernel.Json.Deserialize<SubscriberMessage>(m.Body.ToString());
        Assert.Equal(("complaint", "KS-202611-0001", 1, 1), (body.Kind, body.Id, body.From, body.To));
        Assert.Equal([received.Id], body.Events!.Select(e => e.Id));
    }

    [Fact]
    public async Task EachRecordGetsItsOwnMessageInSequenceOrderAndARangeIsNamedByItsFirstAndLastEvent()
    {
        var first = Event("complaint", "KS-202611-0002", 1, "Received");
        var second = Event("complaint", "KS-202611-0002", 2, "Triaged");
        var other = Event("returnOrder", "TH-202611-0001", 1, "Opened");

        await Transport.PublishAsync([Routing, Returns], [second, other, first], replay: false, default);

        var sent = _bus.SentTo(ServiceBusEntities.FeedTopic);
        Assert.Equal(2, sent.Count);
        var complaint = sent.Single(m => m.SessionId == "complaint/KS-202611-0002");
        Assert.Equal($"{first.Id}..{second.Id}", complaint.MessageId);
        Assert.Equal("changes", complaint.Subject);
        Assert.Equal("Received,Triaged", complaint.ApplicationProperties["eventTypes"]);
        Assert.Equal([1, 2], Kernel.Json.Deserialize<SubscriberMessage>(complaint.Body.ToString()).Events!.Select(e => e.Sequence));
        var returnOrder = sent.Single(m => m.SessionId == "returnOrder/TH-202611-0001");
        Assert.Equal(["to_IndexReturnOrder"], returnOrder.ApplicationProperties.Keys.Where(k => k.StartsWith("to_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AReplayIsNeverTakenForADuplicateOfTheOriginalOrOfAnotherReplay()
    {
        var e = Event("complaint", "KS-202611-0003", 1, "Received");

        await Transport.PublishAsync([Routing], [e], replay: true, default);
        await Transport.PublishAsync([Routing], [e], replay: true, default);

        var sent = _bus.SentTo(ServiceBusEntities.FeedTopic);
        Assert.Equal(2, sent.Count);
        Assert.All(sent, m => Assert.StartsWith(e.Id + "|replay|", m.MessageId, StringComparison.Ordinal));
        Assert.NotEqual(sent[0].MessageId, sent[1].MessageId);
        Assert.All(sent, m => Assert.True(Kernel.Json.Deserialize<SubscriberMessage>(m.Body.ToString()).Replay));
        Assert.All(sent, m => Assert.True(m.MessageId.Length <= 128, "Service Bus message ids hold 128 characters"));
    }

    [Fact]
    public async Task AChangeTooLargeForOneMessageTravelsAsOneReferencePerEventInOrder()
    {
        var large = new string('长', 20_000); // 60 KB of UTF-8 per event
        var events = Enumerable.Range(1, 3).Select(n => Event("complaint", "KS-202611-0004", n, "Noted", large)).ToList();

        await Transport.PublishAsync([Routing], events, replay: false, default);

        var sent = _bus.SentTo(ServiceBusEntities.FeedTopic);
        Assert.Equal(events.Select(e => e.Id), sent.Select(m => m.MessageId));
        Assert.All(sent, m => Assert.Equal("complaint/KS-202611-0004", m.SessionId));
        var bodies = sent.Select(m => Kernel.Json.Deserialize<SubscriberMessage>(m.Body.ToString())).ToList();
        Assert.All(bodies, b => Assert.Null(b.Events));
        Assert.Equal([1, 2, 3], bodies.Select(b => b.From));
    }

    [Fact]
    public async Task AnAnnouncementGoesToTheChangeFeedQueueCannotBeTakenBackAndIsLookedAtAgainByScheduledMessage()
    {
        var feed = new AfterSales.ChangeFeed.ChangeFeed(Transport, NullLogger<AfterSales.ChangeFeed.ChangeFeed>.Instance);
        var e = Event("complaint", "KS-202611-0005", 3, "Triaged");

        var announced = await feed.AnnounceAsync("complaint", "KS-202611-0005", [e], default);
        await feed.WithdrawQuietlyAsync(announced, default); // Service Bus cannot: PublishChanges drops what never committed
        await feed.DeferAsync(new FeedAnnouncement("complaint", "KS-202611-0005", 3, 3, [e.Id]), default);

        var sent = _bus.SentTo(AfterSales.ChangeFeed.ChangeFeed.Queue);
        Assert.Equal(2, sent.Count);
        Assert.StartsWith(e.Id + "|announced|0|", sent[0].MessageId, StringComparison.Ordinal);
        Assert.Null(sent[0].SessionId);
        Assert.Equal(default, sent[0].ScheduledEnqueueTime);
        Assert.Equal(("complaint", "KS-202611-0005", "3", "3"), ((string)sent[0].ApplicationProperties["recordKind"], (string)sent[0].ApplicationProperties["recordId"],
            (string)sent[0].ApplicationProperties["fromSequence"], (string)sent[0].ApplicationProperties["toSequence"]));
        Assert.Equal(new FeedAnnouncement("complaint", "KS-202611-0005", 3, 3, [e.Id]).Events, Kernel.Json.Deserialize<FeedAnnouncement>(sent[0].Body.ToString()).Events);
        Assert.StartsWith(e.Id + "|announced|1|", sent[1].MessageId, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(2), sent[1].ScheduledEnqueueTime);
        Assert.Equal(1, Kernel.Json.Deserialize<FeedAnnouncement>(sent[1].Body.ToString()).Deferrals);
    }

    [Fact]
    public async Task AWorkQueueMessageKeepsItsIdItsLabelsAndItsDelay()
    {
        await Transport.SendAsync("notifications", new OutgoingMessage("""{"id":"n-1"}""", "n-1")
        {
            Delay = TimeSpan.FromMinutes(3),
            Properties = new Dictionary<string, string> { ["notificationId"] = "n-1" },
        }, default);

        var m = Assert.Single(_bus.SentTo("notifications"));
        Assert.Equal(("n-1", """{"id":"n-1"}""", "n-1"), (m.MessageId, m.Body.ToString(), (string)m.ApplicationProperties["notificationId"]));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(3), m.ScheduledEnqueueTime);
    }

    private static Kernel.RecordEvent Event(string kind, string id, int sequence, string type, string? note = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Type = type,
        RecordKind = kind,
        RecordId = id,
        Sequence = sequence,
        At = DateTimeOffset.Parse("2026-11-23T09:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
        By = new("u-wang", "王芳"),
        Data = JsonSerializer.SerializeToElement(new { note }),
    };
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.ChangeFeed;
using AfterSales.Messaging;
using AfterSales.Tests.Infrastructure;
using AfterSales.Tests.Modules;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AfterSales.Tests.Messaging;

/// <summary>
/// The app with <c>Messaging__Transport=ServiceBus</c>: it sends through the SDK's
/// <see cref="ServiceBusSender"/> (captured by <see cref="FakeServiceBus"/>), and the tests play
/// the host and the broker, posting what was sent back as host-shaped Service Bus envelopes.
/// </summary>
public sealed class ServiceBusApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    public FakeServiceBus Bus { get; } = new();

    protected override IEnumerable<FeatureModule> ExtraModules => [new PartRequestsModule()];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Messaging:Transport"] = "ServiceBus",
        ["ServiceBusConnection:fullyQualifiedNamespace"] = "aftersales-test.servicebus.windows.net",
        // No broker here, so no runner: the tests deliver each message themselves.
        ["LocalRunner:Enabled"] = "false",
    };

    public FeedJournal Journal => Services.GetRequiredService<FeedJournal>();

    public HttpClient Technician => CreateClient("t-zhao", "赵师傅", Kernel.Roles.Technician);

    public HttpClient Admin => CreateClient("u-admin", "管理员", Kernel.Roles.Admin);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<ServiceBusClient>(Bus)));
    }
}

public class ServiceBusAppTests(ServiceBusApp app) : IClassFixture<ServiceBusApp>
{
    [Fact]
    public async Task AChangeTravelsTheFeedAsServiceBusMessagesAndARedeliveryChangesNothing()
    {
        var id = await RequestPartAsync("P-SB-1");
        var eventId = await FirstEventIdAsync(id);

        // 1. The writer announced the change on the change-feed queue, labelled with its record.
        var announcement = Assert.Single(app.Bus.SentTo(AfterSales.ChangeFeed.ChangeFeed.Queue), m => (string)m.ApplicationProperties["recordId"] == id);
        Assert.StartsWith(eventId + "|announced|0|", announcement.MessageId, StringComparison.Ordinal);
        Assert.Equal("partRequest", announcement.ApplicationProperties["recordKind"]);

        // 2. The host hands it to PublishChanges, which publishes once on the topic for every subscriber that wants it.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsync("/PublishChanges", ServiceBusEnvelopes.For(announcement, deliveryCount: 1))).StatusCode);
        var published = Assert.Single(app.Bus.SentTo(ServiceBusEntities.FeedTopic), m => (string)m.ApplicationProperties["recordId"] == id);
        Assert.Equal(eventId, published.MessageId);
        Assert.Equal($"partRequest/{id}", published.SessionId);
        Assert.Equal("PartRequested", published.Subject);
        Assert.Equal("yes", published.ApplicationProperties["to_RecordFeed"]);
        Assert.False(published.ApplicationProperties.ContainsKey("to_RouteComplaint"), "routing wants complaints only");

        // 3. The host hands the subscription's message to the subscriber: handled once, however often it comes.
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var response = await app.CreateClient().PostAsync("/RecordFeed", ServiceBusEnvelopes.For(published, deliveryCount: delivery));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(1, app.Journal.TimesHandled(eventId));
        var logs = (await (await app.CreateClient().PostAsync("/RecordFeed", ServiceBusEnvelopes.For(published, deliveryCount: 4))).ReadJsonAsync())["Logs"]!.AsArray();
        Assert.Contains(logs, l => l!.GetValue<string>().Contains($"message {eventId} (dequeue 4)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageThatKeepsFailingIsDeadLetteredThenListedAndSentBackThroughTheFeedAdminApi()
    {
        var partNumber = "P-SB-DLQ-" + Guid.NewGuid().ToString("N")[..6];
        app.Journal.FailFor[partNumber] = true;
        var id = await RequestPartAsync(partNumber);
        var eventId = await FirstEventIdAsync(id);
        var announcement = app.Bus.SentTo(AfterSales.ChangeFeed.ChangeFeed.Queue).Single(m => (string)m.ApplicationProperties["recordId"] == id);
        await app.CreateClient().PostAsync("/PublishChanges", ServiceBusEnvelopes.For(announcement, deliveryCount: 1));
        var published = app.Bus.SentTo(ServiceBusEntities.FeedTopic).Single(m => (string)m.ApplicationProperties["recordId"] == id);

        // Every delivery fails with a non-2xx answer, so the host abandons it; after the subscription's
        // maxDeliveryCount (5, infra/app/servicebus.bicep) the broker moves it to the dead-letter queue.
        for (var delivery = 1; delivery <= 5; delivery++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await app.CreateClient().PostAsync("/RecordFeed", ServiceBusEnvelopes.For(published, deliveryCount: delivery))).StatusCode);
        }
        var deadLetters = app.Bus.DeadLetters.GetOrAdd($"{ServiceBusEntities.FeedTopic}/RecordFeed", _ => []);
        lock (deadLetters)
        {
            deadLetters.Add(ServiceBusEnvelopes.DeadLettered(published, sequenceNumber: 42));
        }

        // The same admin API as for poison queues: listed with its record and the broker's reason, counted.
        var listed = (await (await app.Admin.GetAsync("/api/admin/feed/RecordFeed/poison")).ReadJsonAsync()).AsArray();
        var dead = Assert.Single(listed, m => m!["recordId"]?.GetValue<string>() == id)!;
        Assert.Equal(eventId, dead["messageId"]!.GetValue<string>());
        Assert.Equal("partRequest", dead["recordKind"]!.GetValue<string>());
        Assert.StartsWith("MaxDeliveryCountExceeded", dead["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var status = (await (await app.Admin.GetAsync("/api/admin/feed")).ReadJsonAsync()).AsArray();
        var recordFeed = status.Single(s => s!["name"]!.GetValue<string>() == "RecordFeed")!;
        Assert.Equal(1, recordFeed["poisoned"]!.GetValue<int>());
        Assert.Null(recordFeed["waiting"]); // needs manage rights the app does not hold: the namespace's metric shows it

        // After the fix: sent back to this subscriber alone, under a new id, and the dead letter completed.
        app.Journal.FailFor.TryRemove(partNumber, out _);
        var retried = await (await app.Admin.PostAsync("/api/admin/feed/RecordFeed/poison/retry", null)).ReadJsonAsync();
        Assert.Equal(1, retried["moved"]!.GetValue<int>());
        Assert.Empty(deadLetters);
        var copy = Assert.Single(app.Bus.SentTo(ServiceBusEntities.FeedTopic), m => (string)m.ApplicationProperties["recordId"] == id && m.MessageId != eventId);
        Assert.StartsWith(eventId + "|requeued|", copy.MessageId, StringComparison.Ordinal);
        Assert.Equal(published.SessionId, copy.SessionId);
        Assert.Equal(["to_RecordFeed"], copy.ApplicationProperties.Keys.Where(k => k.StartsWith("to_", StringComparison.Ordinal)));
        Assert.False(copy.ApplicationProperties.ContainsKey("DeadLetterReason"));

        // Delivered (twice, as at-least-once allows): handled once.
        await app.CreateClient().PostAsync("/RecordFeed", ServiceBusEnvelopes.For(copy, deliveryCount: 1));
        await app.CreateClient().PostAsync("/RecordFeed", ServiceBusEnvelopes.For(copy, deliveryCount: 2));
        Assert.Equal(1, app.Journal.TimesHandled(eventId));
        Assert.Contains($"{ServiceBusEntities.FeedTopic}/RecordFeed (DeadLetter)", app.Bus.ReceiversOpened);
    }

    [Fact]
    public async Task AReplayIsANewMessageForThatSubscriberAlone()
    {
        var id = await RequestPartAsync("P-SB-REPLAY");
        var eventId = await FirstEventIdAsync(id);
        var replay = await app.Admin.PostAsJsonAsync("/api/admin/feed/RecordFeed/replay", new { recordKind = "partRequest", recordId = id }, Api.Options);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        var sent = Assert.Single(app.Bus.SentTo(ServiceBusEntities.FeedTopic), m => (string)m.ApplicationProperties["recordId"] == id);
        Assert.StartsWith(eventId + "|replay|", sent.MessageId, StringComparison.Ordinal);
        Assert.Equal(true, sent.ApplicationProperties["replay"]);
        Assert.Equal(["to_RecordFeed"], sent.ApplicationProperties.Keys.Where(k => k.StartsWith("to_", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheSettingChoosesTheSdkTransport()
    {
        Assert.Equal(MessagingTransport.ServiceBus, app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport);
        Assert.IsType<ServiceBusTransport>(app.Services.GetRequiredService<IMessageTransport>());
        Assert.IsType<DeadLetterQueues>(app.Services.GetRequiredService<IParkedMessages>());
    }

    private async Task<string> RequestPartAsync(string partNumber)
    {
        var response = await app.Technician.PostAsJsonAsync("/api/part-requests", new { partNumber, quantity = 2 }, Api.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    private async Task<string> FirstEventIdAsync(string id)
    {
        var store = app.Services.GetRequiredService<AfterSales.Records.RecordStore<PartRequest>>();
        return (await store.GetEventsAsync(id, default))[0].Id;
    }
}

using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Functions.Local;
using AfterSales.Messaging;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Messaging;

/// <summary>
/// The function.json files published for Service Bus: each queue function triggers on its
/// queue or its subscription, as the documented serviceBusTrigger binding allows (a schema kept in
/// the tests), with the identity-based connection; HTTP and timers are the same on both transports.
/// </summary>
public class ServiceBusFunctionJsonTests
{
    private static readonly Lazy<NJsonSchema.JsonSchema> Schema = new(() =>
        NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Functions", "Schemas", "service-bus-trigger.json")).GetAwaiter().GetResult());

    public static TheoryData<string> QueueFunctions => [.. AppCatalog.All.Where(f => f.Trigger is QueueTrigger).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(QueueFunctions))]
    public void EveryQueueFunctionTriggersOnServiceBusAsTheBindingIsDocumented(string name)
    {
        var function = AppCatalog.All.Single(f => f.Name == name);
        var bindings = FunctionJson.For(function, MessagingTransport.ServiceBus)["bindings"]!.AsArray();

        var trigger = Assert.Single(bindings)!;
        var errors = Schema.Value.Validate(trigger.ToJsonString());
        Assert.True(errors.Count == 0, $"{name}: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        Assert.Equal(function.TriggerBindingName, trigger["name"]!.GetValue<string>());
        Assert.Equal("ServiceBusConnection", trigger["connection"]!.GetValue<string>());
        var queue = (QueueTrigger)function.Trigger;
        if (queue.Subscription is { } subscription)
        {
            // A change-feed subscriber reads its own subscription of the feed topic, one record's session at a time.
            Assert.Equal(("feed", subscription, true), (trigger["topicName"]!.GetValue<string>(), trigger["subscriptionName"]!.GetValue<string>(), trigger["isSessionsEnabled"]!.GetValue<bool>()));
            Assert.Equal(name, subscription);
        }
        else
        {
            Assert.Equal((queue.QueueName, false), (trigger["queueName"]!.GetValue<string>(), trigger["isSessionsEnabled"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public void TheSchemaRefusesWhatTheHostWouldNotTake()
    {
        string[] wrong =
        [
            """{"type":"serviceBusTrigger","direction":"in","name":"message","queueName":"q","topicName":"t","subscriptionName":"s","connection":"ServiceBusConnection"}""",
            """{"type":"serviceBusTrigger","direction":"in","name":"message","topicName":"t","connection":"ServiceBusConnection"}""",
            """{"type":"serviceBusTrigger","direction":"in","name":"message","queueName":"q"}""",
            """{"type":"serviceBusTrigger","direction":"in","name":"message","queueName":"q","connection":"ServiceBusConnection","accessRights":"listen"}""",
            """{"type":"serviceBusTrigger","direction":"out","name":"message","queueName":"q","connection":"ServiceBusConnection"}""",
        ];
        Assert.All(wrong, json => Assert.NotEmpty(Schema.Value.Validate(json)));
    }

    [Fact]
    public void HttpAndTimerFunctionsAreTheSameOnBothTransports()
    {
        foreach (var function in AppCatalog.All.Where(f => f.Trigger is not QueueTrigger))
        {
            Assert.Equal(FunctionJson.For(function).ToJsonString(), FunctionJson.For(function, MessagingTransport.ServiceBus).ToJsonString());
        }
    }

    [Fact]
    public void TheDefaultIsStillStorageQueues()
    {
        Assert.Equal(MessagingTransport.StorageQueues, new MessagingOptions().Transport);
        Assert.All(AppCatalog.All.Where(f => f.Trigger is QueueTrigger), f =>
            Assert.Equal("queueTrigger", FunctionJson.For(f)["bindings"]![0]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void PublishWritesTheTransportItIsGivenAndRefusesAnUnknownOne()
    {
        var dir = Directory.CreateTempSubdirectory("fa-sb").FullName;
        try
        {
            Assert.True(HostStartup.TryRunCommand(["--write-functions", dir, "--transport", "ServiceBus"]));
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "RouteComplaint", "function.json")))!;
            Assert.Equal("serviceBusTrigger", json["bindings"]![0]!["type"]!.GetValue<string>());
            Assert.Equal("timerTrigger", JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "EscalateOverdueSteps", "function.json")))!["bindings"]![0]!["type"]!.GetValue<string>());
            Assert.Throws<ArgumentException>(() => HostStartup.TryRunCommand(["--write-functions", dir, "--transport", "Kafka"]));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void UnderTheHostASettingThatDisagreesWithThePublishedTriggersIsFound()
    {
        var root = Directory.CreateTempSubdirectory("fa-check").FullName;
        try
        {
            var handler = Directory.CreateDirectory(Path.Combine(root, "handler")).FullName;
            var catalog = FunctionCatalog.For(AppModules.All);
            FunctionJson.WriteAll(root, catalog.All, MessagingTransport.ServiceBus);

            Assert.Empty(MessagingStartupCheck.Mismatches("7071", handler, catalog, MessagingTransport.ServiceBus));
            var wrong = MessagingStartupCheck.Mismatches("7071", handler, catalog, MessagingTransport.StorageQueues);
            Assert.Contains("RouteComplaint: serviceBusTrigger", wrong);
            Assert.Equal(catalog.Queues.Count(), wrong.Count);
            // Not under the host (no port): nothing to compare.
            Assert.Empty(MessagingStartupCheck.Mismatches(null, handler, catalog, MessagingTransport.StorageQueues));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void ServiceBusMetadataIsReadAsQueueMetadataIs()
    {
        var envelope = FunctionInvoker.ParseRequest("""
            {"Data":{"message":"{\"kind\":\"complaint\"}"},
             "Metadata":{"DeliveryCount":"3","MessageId":"\"e-1\"","EnqueuedTimeUtc":"\"2026-11-23T10:00:00Z\"","SessionId":"\"complaint/KS-1\"",
                         "ApplicationProperties":"{\"recordKind\":\"complaint\",\"toSequence\":2,\"replay\":false}","LockToken":"\"l\"","SequenceNumber":"7"}}
            """);

        var message = Envelope.ReadQueueMessage(envelope, "message");

        Assert.Equal(("""{"kind":"complaint"}""", 3, "e-1"), (message.Body, message.DequeueCount, message.MessageId));
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), message.InsertionTime);
        Assert.Equal("complaint/KS-1", message.SessionId);
        Assert.Equal(("complaint", "2", "false"), (message.Properties["recordKind"], message.Properties["toSequence"], message.Properties["replay"]));

        // Plain JSON values (another host version's way of writing them) read the same.
        var plain = Envelope.ReadQueueMessage(FunctionInvoker.ParseRequest("""
            {"Data":{"message":{"kind":"complaint"}},"Metadata":{"DeliveryCount":5,"MessageId":"e-2","EnqueuedTime":"2026-11-23T10:00:00+00:00","ApplicationProperties":{"recordKind":"complaint"}}}
            """), "message");
        Assert.Equal((5, "e-2", "complaint"), (plain.DequeueCount, plain.MessageId, plain.Properties["recordKind"]));
        Assert.NotNull(plain.InsertionTime);
    }
}

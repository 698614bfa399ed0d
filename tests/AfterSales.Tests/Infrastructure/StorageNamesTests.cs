using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterSales.Messaging;
using AfterSales.Storage;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// The storage module creates exactly the tables, queues (with poison queues) and containers the
/// modules declare: a name a module adds and infra/app/storage-names.json lacks fails here.
/// </summary>
public class StorageNamesTests
{
    private static async Task<JsonObject> StorageNameLists()
    {
        // Read the lists from the compiled template (what Azure gets), not from the .bicep text:
        // the module's `names` variable points at the JSON that loadJsonContent inlined.
        var variables = (await BicepCli.BuildAsync("app/storage.bicep"))["variables"]!.AsObject();
        var reference = Regex.Match(variables["names"]!.GetValue<string>(), @"^\[variables\('(?<name>[^']+)'\)\]$");
        Assert.True(reference.Success, "storage.bicep's `names` should be loadJsonContent('storage-names.json')");
        return variables[reference.Groups["name"].Value]!.AsObject();
    }

    private static StorageNames Declared => StorageNames.Of(AppModules.All);

    private static string[] List(JsonObject lists, string key) => [.. lists[key]!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task TheTemplateCreatesEveryTable() =>
        Assert.Equal(Declared.Tables.Order(), List(await StorageNameLists(), "tables").Order());

    [Fact]
    public async Task TheTemplateCreatesEveryQueue() =>
        Assert.Equal(Declared.Queues.Order(), List(await StorageNameLists(), "queues").Order());

    [Fact]
    public async Task TheTemplateCreatesEveryContainer() =>
        Assert.Equal(Declared.Containers.Order(), List(await StorageNameLists(), "containers").Order());

    [Fact]
    public async Task EveryQueueGetsThePoisonQueueTheHostUses()
    {
        var template = await BicepCli.BuildAsync("app/storage.bicep");
        // queueNames = flatten(map(names.queues, q => [q, '<q>-poison'])): each queue and its poison queue.
        var queueNames = template["variables"]!["queueNames"]!.GetValue<string>();
        var poisonSuffix = StorageNames.Poison("");
        Assert.Contains("variables('names').queues", queueNames, StringComparison.Ordinal);
        Assert.Contains($"createArray(lambdaVariables('q'), format('{{0}}{poisonSuffix}', lambdaVariables('q')))", queueNames, StringComparison.Ordinal);
        var queues = Assert.Single(BicepCli.Resources(template, "Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.Contains("variables('queueNames')", queues["copy"]!["count"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLifecycleRuleCleansTheExportsContainerTheAppWritesTo()
    {
        var template = await BicepCli.BuildAsync("app/storage.bicep");
        Assert.Equal(AfterSales.Platform.PlatformModule.ExportsContainer, template["variables"]!["exportsContainer"]!.GetValue<string>());
    }

    /// <summary>The Service Bus module's lists (infra/app/servicebus-names.json, inlined by loadJsonContent).</summary>
    private static async Task<JsonObject> ServiceBusNameLists()
    {
        var variables = (await BicepCli.BuildAsync("app/servicebus.bicep"))["variables"]!.AsObject();
        var reference = Regex.Match(variables["names"]!.GetValue<string>(), @"^\[variables\('(?<name>[^']+)'\)\]$");
        Assert.True(reference.Success, "servicebus.bicep's `names` should be loadJsonContent('servicebus-names.json')");
        return variables[reference.Groups["name"].Value]!.AsObject();
    }

    [Fact]
    public async Task OnServiceBusTheTemplateCreatesEveryWorkQueueTheFeedTopicAndOneSubscriptionPerSubscriber()
    {
        var lists = await ServiceBusNameLists();
        var (queues, subscriptions) = ServiceBusEntities.Of(AppModules.All);
        Assert.Equal(queues.Order(), List(lists, "queues").Order());
        Assert.Equal(subscriptions.Order(), List(lists, "subscriptions").Order());
        Assert.Equal(ServiceBusEntities.FeedTopic, lists["topic"]!.GetValue<string>());
        // Every subscription and work queue is one a function's trigger names (function.json for ServiceBus).
        var entities = FunctionCatalogQueues().Select(ServiceBusEntities.For).ToList();
        Assert.Equal(queues.Order(), entities.Where(e => e.QueueName is not null).Select(e => e.QueueName!).Order());
        Assert.Equal(subscriptions.Order(), entities.Where(e => e.SubscriptionName is not null).Select(e => e.SubscriptionName!).Order());
    }

    [Fact]
    public async Task EachSubscriptionTakesOnlyItsSubscribersMessagesOneRecordSessionAtATime()
    {
        var template = await BicepCli.BuildAsync("app/servicebus.bicep");
        var subscription = Assert.Single(BicepCli.Resources(template, "Microsoft.ServiceBus/namespaces/topics/subscriptions"))["properties"]!;
        // Sessions on, as the generated serviceBusTrigger says (isSessionsEnabled); the host's Storage-queue retry count.
        Assert.True(subscription["requiresSession"]!.GetValue<bool>());
        Assert.Equal("[parameters('maxDeliveryCount')]", subscription["maxDeliveryCount"]!.GetValue<string>());
        Assert.Equal(new AfterSales.Functions.Local.LocalRunnerOptions().MaxDequeueCount, template["parameters"]!["maxDeliveryCount"]!["defaultValue"]!.GetValue<int>());
        var queue = Assert.Single(BicepCli.Resources(template, "Microsoft.ServiceBus/namespaces/queues"))["properties"]!;
        Assert.False(queue["requiresSession"]!.GetValue<bool>());
        Assert.True(queue["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.True(Assert.Single(BicepCli.Resources(template, "Microsoft.ServiceBus/namespaces/topics"))["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());

        // The subscription's default rule replaced by a correlation filter on to_<Subscriber> = yes, what the sender sets.
        var rule = Assert.Single(BicepCli.Resources(template, "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules"));
        Assert.Contains("'$Default'", rule["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("CorrelationFilter", rule["properties"]!["filterType"]!.GetValue<string>());
        var filter = Assert.Single(rule["properties"]!["correlationFilter"]!["properties"]!.AsObject());
        Assert.Equal($"[format('{ServiceBusEntities.RouteProperty("{0}")}', variables('names').subscriptions[copyIndex()])]", filter.Key);
        Assert.Equal(ServiceBusEntities.RouteValue, filter.Value!.GetValue<string>());
    }

    private static IEnumerable<AfterSales.Functions.QueueTrigger> FunctionCatalogQueues() =>
        AfterSales.Functions.FunctionCatalog.For(AppModules.All).Queues.Select(q => q.Trigger);
}

using AfterSales.ChangeFeed;
using AfterSales.Functions;

namespace AfterSales.Messaging;

/// <summary>Where a queue function's messages wait on Service Bus: a queue, or a subscription of the feed topic.</summary>
public sealed record ServiceBusEntity(string? QueueName, string? TopicName, string? SubscriptionName, bool Sessions)
{
    /// <summary>The entity a sender sends to (the topic, for a subscription).</summary>
    public string SendTo => QueueName ?? TopicName!;

    public override string ToString() => QueueName ?? $"{TopicName}/subscriptions/{SubscriptionName}";
}

/// <summary>
/// The Service Bus shape of the app: the work queues keep their Storage queue names
/// (<c>change-feed</c>, <c>notifications</c>); the change feed's fan-out is one topic,
/// <see cref="FeedTopic"/>, with one session-enabled subscription per subscriber, named after it,
/// that takes the messages carrying the property <c>to_&lt;Subscriber&gt;</c> (a correlation filter).
/// Infra creates the same lists (infra/app/servicebus-names.json; ServiceBusNamesTests).
/// </summary>
public static class ServiceBusEntities
{
    /// <summary>The app setting prefix of the identity-based connection (<c>ServiceBusConnection__fullyQualifiedNamespace</c>, ...).</summary>
    public const string Connection = "ServiceBusConnection";

    /// <summary>The topic the change feed publishes committed events on.</summary>
    public const string FeedTopic = "feed";

    /// <summary>The application property that routes a feed message to one subscriber's subscription.</summary>
    public static string RouteProperty(string subscriber) => "to_" + subscriber;

    /// <summary>The value of <see cref="RouteProperty"/> its subscription's correlation filter matches.</summary>
    public const string RouteValue = "yes";

    public static ServiceBusEntity For(QueueTrigger trigger) =>
        trigger.Subscription is { } subscription
            ? new ServiceBusEntity(null, FeedTopic, subscription, Sessions: true)
            : new ServiceBusEntity(trigger.QueueName, null, null, Sessions: false);

    /// <summary>The queues (work queues) and subscriptions (subscribers) the modules need.</summary>
    public static (IReadOnlyList<string> Queues, IReadOnlyList<string> Subscriptions) Of(IEnumerable<FeatureModule> modules)
    {
        var list = modules.ToList();
        return ([.. list.SelectMany(m => m.Storage.Queues).Distinct(StringComparer.Ordinal)],
            [.. list.SelectMany(m => m.Subscriptions).Select(s => s.Name).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The session of a record's feed messages: one record's events are handled in order.</summary>
    public static string Session(string kind, string id) => $"{kind}/{id}";

    internal static IEnumerable<Subscriber> Targets(IEnumerable<Subscriber> to, FeedMessageText message) =>
        to.Where(s => message.Covers.Any(s.Wants));
}

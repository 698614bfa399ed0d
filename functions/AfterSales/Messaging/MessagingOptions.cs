namespace AfterSales.Messaging;

/// <summary>What carries the change feed and the work queues.</summary>
public enum MessagingTransport
{
    /// <summary>Storage queues in the app's storage account: the default, and the only one locally (Azurite).</summary>
    StorageQueues,

    /// <summary>A Service Bus namespace: a topic with one subscription per subscriber, and queues (docs/messaging.md).</summary>
    ServiceBus,
}

/// <summary>
/// <c>Messaging__Transport</c>. The <c>function.json</c> files are written for one transport at
/// publish (<c>-p:MessagingTransport=ServiceBus</c>), so the setting and the package must agree:
/// <see cref="MessagingStartupCheck"/> refuses to start when they do not.
/// </summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.StorageQueues;

    /// <summary>
    /// <c>Messaging__DeliverInProcess</c> (on by default; Storage queues only): the publishing function
    /// hands a change's events to its subscribers itself, and only a subscriber that fails gets them on
    /// its own queue (retried there, then <c>-poison</c>). Off: every subscriber always gets a queue
    /// message (a send, a read and a delete each). On Service Bus the topic always carries them, so
    /// that sessions keep one record's events in order.
    /// </summary>
    public bool DeliverInProcess { get; set; } = true;
}

namespace AfterSales.Functions;

/// <summary>What starts a function. The Functions host owns every trigger; the handler only answers.</summary>
public abstract record Trigger;

/// <summary>An HTTP function. Its requests reach the handler proxied, at their original path.</summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods) : Trigger;

/// <summary>
/// A queue function: a Storage queue by default, or on Service Bus (<c>Messaging__Transport</c>) the
/// queue of the same name, or for a change-feed subscriber its <see cref="Subscription"/> of the
/// feed topic. The host posts each message to <c>POST /{FunctionName}</c>.
/// </summary>
public sealed record QueueTrigger(string QueueName) : Trigger
{
    /// <summary>On Service Bus: the subscription of the feed topic this function reads (a change-feed subscriber).</summary>
    public string? Subscription { get; init; }
}

/// <summary>A timer function with an NCRONTAB schedule (six fields, seconds first).</summary>
public sealed record TimerTrigger(string Schedule) : Trigger;

/// <summary>
/// One Azure Function: its name (the folder of its <c>function.json</c>), its trigger, and for
/// non-HTTP triggers the handler type that does the work.
/// </summary>
public sealed record FunctionDefinition(string Name, Trigger Trigger, Type? Handler = null)
{
    public bool IsHttp => Trigger is HttpTrigger;

    /// <summary>The name the trigger's data is bound to in <c>function.json</c> and in the envelope's <c>Data</c>.</summary>
    public string TriggerBindingName => Trigger switch
    {
        HttpTrigger => "req",
        QueueTrigger => "message",
        TimerTrigger => "timer",
        _ => throw new InvalidOperationException($"Unknown trigger {Trigger}"),
    };
}

/// <summary>Handles one queue message. Must be idempotent: every message may arrive more than once.</summary>
public interface IQueueFunction
{
    Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken);
}

/// <summary>Handles one timer tick.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerContext timer, CancellationToken cancellationToken);
}

/// <summary>
/// A queue message as the envelope delivers it, from a Storage queue (<c>DequeueCount</c>, <c>Id</c>,
/// <c>InsertionTime</c>) or Service Bus (<c>DeliveryCount</c>, <c>MessageId</c>, <c>EnqueuedTimeUtc</c>,
/// <c>SessionId</c>, <c>ApplicationProperties</c>).
/// </summary>
public sealed record QueueMessageContext(string Body, int DequeueCount, string? MessageId, DateTimeOffset? InsertionTime)
{
    /// <summary>Service Bus: the session (the record, for feed messages).</summary>
    public string? SessionId { get; init; }

    /// <summary>Service Bus: the message's application properties, as text.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>A timer tick as the envelope delivers it.</summary>
public sealed record TimerContext(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next);

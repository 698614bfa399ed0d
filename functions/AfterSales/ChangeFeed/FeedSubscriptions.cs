using System.Text;
using AfterSales.Functions;
using AfterSales.Kernel;

namespace AfterSales.ChangeFeed;

/// <summary>
/// A subscriber of the change feed: handles one committed event at a time. Delivery is at least
/// once and in no particular order across changes; the feed hands each event to a subscriber
/// once as far as its receipts tell (<see cref="FeedReceipts"/>), but a crash between handling and
/// recording the receipt repeats it, so handlers stay idempotent.
/// </summary>
public interface IFeedSubscriber
{
    Task HandleAsync(RecordEvent e, CancellationToken ct);
}

/// <summary>
/// A module's subscription to the change feed: the subscriber, which events it wants, and the
/// queue and function it gets (fan-out: one queue each, so one that fails ends in its own
/// <c>-poison</c> queue and does not hold up the others). The filter is made once at start-up
/// from the app's services (<see cref="Filter"/>), so it may depend on what other modules registered.
/// </summary>
public sealed record FeedSubscription(string Name, Type Subscriber, Func<IServiceProvider, Func<RecordEvent, bool>> Filter)
{
    public const string QueuePrefix = "feed-";

    /// <summary>
    /// Whether the feed keeps receipts for this subscriber (two storage requests a message). Off
    /// only for a subscriber that guards itself by the record's version or state, so that a
    /// repeated or late event changes nothing anyway (a projection, routing); on for any
    /// subscriber whose effect cannot be taken back (an export row, a journal) unless that effect is
    /// keyed by the event itself (<see cref="IdempotentByKey"/>).
    /// </summary>
    public bool Receipts { get; init; } = true;

    /// <summary>
    /// Whether the subscriber gets only the last event it wants of each change of a record. On for
    /// a projection that rebuilds its rows from the record as it now is, whatever the event: every
    /// event of one change would read the record and rebuild the same rows again.
    /// </summary>
    public bool OncePerChange { get; init; }

    /// <summary>This subscriber is idempotent by the record's version or state: no receipts needed.</summary>
    public FeedSubscription GuardedByRecordVersion() => this with { Receipts = false };

    /// <summary>
    /// What this subscriber makes has an id made from the event or the record it is about (a
    /// notice, the visit a dispatch opens, the survey a closing sends), and it looks for it or adds
    /// it so that a second try finds it made: a redelivered event makes nothing again, so no receipts.
    /// </summary>
    public FeedSubscription IdempotentByKey() => this with { Receipts = false };

    /// <summary>
    /// This subscriber projects the record as it now is, whichever event it is handed: guarded by
    /// the record's version (no receipts) and handed one event per change.
    /// </summary>
    public FeedSubscription ProjectsTheRecord() => this with { Receipts = false, OncePerChange = true };

    public string Queue { get; } = QueuePrefix + Kebab(Name);

    public FunctionDefinition Function => new(Name, new QueueTrigger(Queue) { Subscription = Name }, typeof(FeedSubscriberFunction<>).MakeGenericType(Subscriber));

    /// <summary>A subscription named after its subscriber class (the function's name; the queue is its kebab-case).</summary>
    public static FeedSubscription For<T>(Func<RecordEvent, bool> wants) where T : class, IFeedSubscriber =>
        new(typeof(T).Name, typeof(T), _ => wants);

    /// <summary>As <see cref="For{T}(Func{RecordEvent, bool})"/>, with a filter that needs the app's services.</summary>
    public static FeedSubscription For<T>(Func<IServiceProvider, Func<RecordEvent, bool>> filter) where T : class, IFeedSubscriber =>
        new(typeof(T).Name, typeof(T), filter);

    private static string Kebab(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && b.Length > 0)
            {
                b.Append('-');
            }
            b.Append(char.ToLowerInvariant(c));
        }
        return b.ToString();
    }
}

/// <summary>A subscription with its filter made.</summary>
public sealed record Subscriber(string Name, string Queue, Type Type, Func<RecordEvent, bool> Wants, bool Receipts, bool OncePerChange = false)
{
    /// <summary>Where its messages wait: its queue, or on Service Bus its subscription of the feed topic.</summary>
    public QueueTrigger Trigger => new(Queue) { Subscription = Name };
}

/// <summary>Every subscription the modules declared, ready to filter events.</summary>
public sealed class FeedSubscriptions(IEnumerable<FeatureModule> modules, IServiceProvider services)
{
    public IReadOnlyList<Subscriber> All { get; } =
        [.. modules.SelectMany(m => m.Subscriptions).Select(s => new Subscriber(s.Name, s.Queue, s.Subscriber, s.Filter(services), s.Receipts, s.OncePerChange))];

    public Subscriber? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public Subscriber For(Type subscriber) => All.Single(s => s.Type == subscriber);
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace AfterSales.Kernel;

/// <summary>
/// The typed payload of a domain event: a plain record, one per kind of change. Its event type
/// is the record's name, or what <see cref="EventTypeAttribute"/> says.
/// </summary>
public interface IEventData;

/// <summary>Names an event type (when the record's own name would not do) and its schema version.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Raised when the payload's shape changes in a way old readers cannot follow.</summary>
    public int Version { get; init; } = 1;
}

public static class EventTypes
{
    private static readonly ConcurrentDictionary<Type, (string Name, int Version)> Names = new();

    public static string NameOf(Type type) => Describe(type).Name;

    public static string NameOf<T>() where T : IEventData => NameOf(typeof(T));

    public static int VersionOf(Type type) => Describe(type).Version;

    private static (string Name, int Version) Describe(Type type) => Names.GetOrAdd(type, t =>
        t.GetCustomAttribute<EventTypeAttribute>() is { } a ? (a.Name, a.Version) : (t.Name, 1));
}

/// <summary>A change as the domain records it: what happened (typed), who did it, when and why.</summary>
public sealed record DomainEvent(IEventData Data, Staff By, DateTimeOffset At, string? Reason = null)
{
    public string Type => EventTypes.NameOf(Data.GetType());
}

/// <summary>A record after a command, with the events that record the change (none: nothing changed).</summary>
public sealed record Change<T>(T Record, IReadOnlyList<DomainEvent> Events)
{
    public bool IsEmpty => Events.Count == 0;
}

/// <summary>
/// An event as stored in its record's history and as the change feed publishes it: a stable id,
/// the type and its schema version, the record, its position in the record's history, who, when,
/// why, and the typed data as JSON (<see cref="Read{T}"/>).
/// </summary>
public sealed record RecordEvent
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public int SchemaVersion { get; init; } = 1;
    public required string RecordKind { get; init; }
    public required string RecordId { get; init; }

    /// <summary>Position in the record's history, from 1: the record's version after this event.</summary>
    public required int Sequence { get; init; }

    public required DateTimeOffset At { get; init; }
    public required Staff By { get; init; }
    public string? Reason { get; init; }
    public required JsonElement Data { get; init; }

    public bool Is<T>() where T : IEventData => Type == EventTypes.NameOf<T>();

    public T Read<T>() where T : IEventData =>
        Is<T>() ? Data.Deserialize<T>(Json.Options)! : throw new InvalidOperationException($"Event {Id} is a {Type}, not a {EventTypes.NameOf<T>()}.");

    public static RecordEvent From(DomainEvent e, string kind, string recordId, int sequence) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Type = e.Type,
        SchemaVersion = EventTypes.VersionOf(e.Data.GetType()),
        RecordKind = kind,
        RecordId = recordId,
        Sequence = sequence,
        At = e.At,
        By = e.By,
        Reason = string.IsNullOrWhiteSpace(e.Reason) ? null : e.Reason.Trim(),
        Data = JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), Json.Options),
    };
}

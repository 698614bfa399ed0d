using System.Text.Json.Serialization;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>Why a work item's clock is stopped.</summary>
public enum PauseReason { WaitingOnCustomer, WaitingOnParts }

public enum StepOutcome { Done, Cancelled }

/// <summary>How far an overdue work item has been escalated: to the department's supervisor, then management.</summary>
public enum EscalationLevel { None, Supervisor, Management }

/// <summary>
/// A step of work one department (optionally one person) must do by a due time, on any record:
/// a complaint's triage, a visit, a return's inspection, a CAPA measure. <see cref="Kind"/> is the
/// record kind's own code for it; <see cref="Stage"/> where it is within it, when it has stages.
/// The clock stops while it is paused; on resume the due time moves by the pause.
/// </summary>
public sealed record WorkItem(string Id, string Kind, Department Department, DateTimeOffset OpenedAt, DateTimeOffset DueAt)
{
    public string? Stage { get; init; }
    public Staff? Assignee { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public StepOutcome? Outcome { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
    public PauseReason? PauseReason { get; init; }
    public string? PauseNote { get; init; }
    public TimeSpan PausedTotal { get; init; }
    public EscalationLevel Escalation { get; init; }

    /// <summary>Whether it was done by its due time (the pause-adjusted one); set when done, null while open or when cancelled.</summary>
    public bool? OnTime { get; init; }

    [JsonIgnore]
    public bool IsOpen => CompletedAt is null;

    [JsonIgnore]
    public bool IsPaused => PausedAt is not null;

    public bool IsOverdue(DateTimeOffset now) => IsOpen && !IsPaused && now > DueAt;
}

/// <summary>What opening a work item records on the record's history.</summary>
public sealed record OpenedStep(string Id, string Kind, Department Department, DateTimeOffset DueAt)
{
    public static OpenedStep Of(WorkItem item) => new(item.Id, item.Kind, item.Department, item.DueAt);
}

/// <summary>
/// A work item closed: done (and whether by its due time) or cancelled. Reports count "on time for
/// the step" from these without reading every kind's own events.
/// </summary>
public sealed record StepCompleted(string Step, string StepKind, Department Department, StepOutcome Outcome, DateTimeOffset DueAt, bool? OnTime) : IEventData
{
    public static StepCompleted Of(WorkItem closed) => new(closed.Id, closed.Kind, closed.Department, closed.Outcome ?? StepOutcome.Done, closed.DueAt, closed.OnTime);
}

/// <summary>A work item moved to another department, with a note for it.</summary>
public sealed record StepTransferred(string Step, string StepKind, Department FromDepartment, Department Department, DateTimeOffset DueAt) : IEventData;

/// <summary>A work item given to a person (or taken back: no assignee).</summary>
public sealed record StepAssigned(string Step, Staff? Assignee) : IEventData;

public sealed record StepPaused(string Step, PauseReason PauseReason, DateTimeOffset DueAt) : IEventData;

public sealed record StepResumed(string Step, TimeSpan PausedFor, DateTimeOffset DueAt) : IEventData;

/// <summary>An overdue work item escalated one level (逾期处理): to the department's supervisor, then management.</summary>
public sealed record StepEscalated(string Step, string StepKind, Department Department, EscalationLevel Level, string EscalatedTo, DateTimeOffset DueAt) : IEventData;

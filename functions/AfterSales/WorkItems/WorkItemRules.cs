using System.Globalization;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>Something a person asks of one work item. <see cref="Action"/> is its name in the API.</summary>
public abstract record StepCommand(string StepId)
{
    public abstract string Action { get; }
}

/// <summary>Move an open work item to another department, with a note; its due time stays.</summary>
public sealed record TransferStep(string StepId, Department To, string Note) : StepCommand(StepId)
{
    public override string Action => "transfer";
}

public sealed record AssignStep(string StepId, Staff? Assignee) : StepCommand(StepId)
{
    public override string Action => "assign";
}

public sealed record PauseStep(string StepId, PauseReason Reason, string? Note) : StepCommand(StepId)
{
    public override string Action => "pause";
}

public sealed record ResumeStep(string StepId) : StepCommand(StepId)
{
    public override string Action => "resume";
}

/// <summary>
/// The rules of work items, whatever record they belong to: opening and closing, transfer,
/// assignment, the SLA clock (pause and resume) and escalation. Plain C#: time and actor come in.
/// </summary>
public static class WorkItemRules
{
    public static WorkItem Open(string id, string kind, Department department, DateTimeOffset now, TimeSpan limit) =>
        new(id, kind, department, now, now + limit);

    /// <summary>Closes an item; a done one records whether it met its due time (moved by a pause still running, as resuming would).</summary>
    public static WorkItem Close(WorkItem item, StepOutcome outcome, DateTimeOffset now)
    {
        var due = item.PausedAt is { } paused ? item.DueAt + (now - paused) : item.DueAt;
        return item with
        {
            CompletedAt = now,
            Outcome = outcome,
            OnTime = outcome == StepOutcome.Done ? now <= due : null,
            DueAt = due,
            PausedTotal = item.PausedAt is { } p ? item.PausedTotal + (now - p) : item.PausedTotal,
            PausedAt = null,
            PauseReason = null,
            PauseNote = null,
        };
    }

    public static IReadOnlyList<WorkItem> Replace(IReadOnlyList<WorkItem> items, WorkItem item) =>
        [.. items.Select(s => s.Id == item.Id ? item : s)];

    /// <summary>The step actions these items allow now: transfer and assign while any is open, pause and resume as their clocks are.</summary>
    public static IEnumerable<string> AllowedActions(IReadOnlyList<WorkItem> items)
    {
        var open = items.Where(s => s.IsOpen).ToList();
        if (open.Count == 0)
        {
            yield break;
        }
        yield return "transfer";
        yield return "assign";
        if (open.Any(s => !s.IsPaused))
        {
            yield return "pause";
        }
        if (open.Any(s => s.IsPaused))
        {
            yield return "resume";
        }
    }

    /// <summary>The step actions each open item allows now: transfer and assign, and pause or resume as its clock is.</summary>
    public static IEnumerable<(string Action, string Step)> AllowedActionsByStep(IReadOnlyList<WorkItem> items) =>
        items.Where(s => s.IsOpen).SelectMany(s => new[] { "transfer", "assign", s.IsPaused ? "resume" : "pause" }.Select(a => (a, s.Id)));

    /// <summary>Limits on a step command's input, whatever the state.</summary>
    public static void CheckInput(StepCommand command, ErrorList errors)
    {
        switch (command)
        {
            case TransferStep t:
                errors.AddIf(!Enum.IsDefined(t.To), "department", $"'{t.To}' is not a department: {Departments.All}.");
                TextLimits.Check(errors, "note", t.Note, TextLimits.Text);
                break;
            case AssignStep a:
                TextLimits.Check(errors, "assignee.id", a.Assignee?.Id, TextLimits.Name);
                TextLimits.CheckName(errors, "assignee.name", a.Assignee?.Name);
                break;
            case PauseStep p:
                errors.AddIf(!Enum.IsDefined(p.Reason), "reason", $"'{p.Reason}' is not a reason: {Codes.List<PauseReason>()}.");
                TextLimits.Check(errors, "note", p.Note, TextLimits.Text);
                break;
        }
    }

    /// <summary>
    /// Applies a step command to a record's work items: the items after it and the events that
    /// record it (none: nothing changed). <paramref name="refuse"/> makes the 409 for a step whose
    /// state does not allow the command, in the record's own words.
    /// </summary>
    public static (IReadOnlyList<WorkItem> Items, IReadOnlyList<DomainEvent> Events) Execute(
        IReadOnlyList<WorkItem> items, StepCommand command, Staff by, DateTimeOffset now, Func<string, Exception> refuse)
    {
        var errors = new ErrorList();
        CheckInput(command, errors);
        errors.ThrowIfAny();
        var step = items.FirstOrDefault(s => s.Id == command.StepId)
            ?? throw ValidationException.For("stepId", $"There is no step '{command.StepId}' here; steps: {string.Join(", ", items.Select(s => s.Id))}.");
        if (!step.IsOpen)
        {
            throw refuse($"Step {step.Id} is already {(step.Outcome == StepOutcome.Cancelled ? "cancelled" : "done")}.");
        }
        (WorkItem Item, IEventData Data, string? Reason)? change = command switch
        {
            TransferStep t => Transfer(step, t),
            AssignStep a when a.Assignee == step.Assignee => null,
            AssignStep a => (step with { Assignee = a.Assignee }, new StepAssigned(step.Id, a.Assignee), null),
            PauseStep p when step.IsPaused => throw refuse($"Step {step.Id} is already paused ({Codes.Of(step.PauseReason!.Value)})."),
            PauseStep p => (step with { PausedAt = now, PauseReason = p.Reason, PauseNote = p.Note?.Trim() }, new StepPaused(step.Id, p.Reason, step.DueAt), p.Note),
            ResumeStep when !step.IsPaused => throw refuse($"Step {step.Id} is not paused."),
            ResumeStep => Resume(step, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown step command."),
        };
        return change is { } c
            ? (Replace(items, c.Item), [new DomainEvent(c.Data, by, now, c.Reason)])
            : (items, []);
    }

    /// <summary>Raises each overdue item one level at a time, each level once: the supervisor, then management after <paramref name="toManagementAfter"/>.</summary>
    public static (IReadOnlyList<WorkItem> Items, IReadOnlyList<DomainEvent> Events) Escalate(
        IReadOnlyList<WorkItem> items, DateTimeOffset now, TimeSpan toManagementAfter)
    {
        var result = items;
        var events = new List<DomainEvent>();
        foreach (var step in items.Where(s => s.IsOverdue(now)))
        {
            var level = now > step.DueAt + toManagementAfter ? EscalationLevel.Management : EscalationLevel.Supervisor;
            for (var next = step.Escalation + 1; next <= level; next++)
            {
                var to = next == EscalationLevel.Supervisor ? $"{step.Department.Code()}/supervisor" : Department.Management.Code();
                events.Add(new DomainEvent(new StepEscalated(step.Id, step.Kind, step.Department, next, to, step.DueAt), SystemActor.Instance, now,
                    $"Overdue since {step.DueAt.ToString("O", CultureInfo.InvariantCulture)}"));
            }
            if (level > step.Escalation)
            {
                result = Replace(result, step with { Escalation = level });
            }
        }
        return (result, events);
    }

    private static (WorkItem, IEventData, string?) Transfer(WorkItem step, TransferStep t)
    {
        if (TextLimits.IsBlank(t.Note))
        {
            throw ValidationException.For("note", "Add a note for the receiving department.");
        }
        if (step.Department == t.To)
        {
            throw ValidationException.For("department", $"Step {step.Id} is already with {t.To.Code()}.");
        }
        return (step with { Department = t.To, Assignee = null }, new StepTransferred(step.Id, step.Kind, step.Department, t.To, step.DueAt), t.Note.Trim());
    }

    private static (WorkItem, IEventData, string?) Resume(WorkItem step, DateTimeOffset now)
    {
        var paused = now - step.PausedAt!.Value;
        var resumed = step with { PausedAt = null, PauseReason = null, PauseNote = null, PausedTotal = step.PausedTotal + paused, DueAt = step.DueAt + paused };
        return (resumed, new StepResumed(step.Id, paused, resumed.DueAt), null);
    }
}

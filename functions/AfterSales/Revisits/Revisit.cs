using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Revisits;

/// <summary>The customer as a revisit or schedule names them: their card's id when known, and the name.</summary>
public sealed record CustomerRef(string? Id, string Name);

/// <summary>
/// A delivered product (交付项目) whose customer is revisited on <see cref="RevisitSchedule"/>:
/// the customer, the product and its serial, the delivery date. <see cref="OpenedThrough"/> is the
/// last date the timer has opened revisits for.
/// </summary>
public sealed record DeliveredProduct
{
    public required string Id { get; init; }
    public required CustomerRef Customer { get; init; }
    public required string Product { get; init; }
    public string? SerialNumber { get; init; }
    public required DateOnly Delivered { get; init; }
    /// <summary>Who calls the customer (a salesperson or sales assistant); the revisits are assigned to them.</summary>
    public Staff? Caller { get; init; }
    public required Staff RegisteredBy { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required DateOnly OpenedThrough { get; init; }
}

/// <summary>What the customer said when revisited, and whom we spoke to.</summary>
public sealed record RevisitOutcome(string SpokeWith, string CustomerSaid, bool? Satisfied, Staff By, DateTimeOffset At);

/// <summary>
/// A revisit (回访) of a delivered product's customer on a scheduled date: marketing's work item,
/// due a week after the date, escalated like any step, done with whom they spoke to and what the
/// customer said.
/// </summary>
public sealed record Revisit
{
    public required string Id { get; init; }
    public required string ScheduleId { get; init; }
    public required CustomerRef Customer { get; init; }
    public required string Product { get; init; }
    public string? SerialNumber { get; init; }
    public required DateOnly ScheduledFor { get; init; }
    public RevisitOutcome? Outcome { get; init; }
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];

    [JsonIgnore]
    public bool IsOpen => Outcome is null;
}

public sealed record DeliveredProductRegistered(CustomerRef Customer, string Product, string? SerialNumber, DateOnly Delivered, Staff? Caller) : IEventData;

/// <summary>The timer opened the schedule's revisits up to this date.</summary>
public sealed record RevisitsOpenedThrough(DateOnly Date, IReadOnlyList<string> Revisits) : IEventData;

public sealed record RevisitOpened(string ScheduleId, DateOnly ScheduledFor, OpenedStep Step) : IEventData;

public sealed record RevisitDone(string SpokeWith, string CustomerSaid, bool? Satisfied, bool? OnTime) : IEventData;

/// <summary>Registering a delivered product for scheduled revisits.</summary>
public sealed record NewDeliveredProduct(string? CustomerId, string? CustomerName, string? Product, string? SerialNumber, DateOnly? Delivered, Staff? Caller);

/// <summary>What marketing records after the call or visit.</summary>
public sealed record RecordRevisitOutcome(string? SpokeWith, string? CustomerSaid, bool? Satisfied);

/// <summary>The revisit rules as plain C#: registering, opening a scheduled revisit, recording its outcome.</summary>
public static class RevisitRules
{
    public const string StepKind = "revisit";

    public static Change<DeliveredProduct> Register(string id, NewDeliveredProduct r, Staff by, DateTimeOffset now, DateOnly today)
    {
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(r.CustomerName), "customerName", "Name the customer (顾客).");
        TextLimits.Check(errors, "customerName", r.CustomerName, TextLimits.Name);
        TextLimits.Check(errors, "customerId", r.CustomerId, TextLimits.Name);
        errors.AddIf(TextLimits.IsBlank(r.Product), "product", "Name the product delivered.");
        TextLimits.Check(errors, "product", r.Product, TextLimits.Name);
        TextLimits.Check(errors, "serialNumber", r.SerialNumber, TextLimits.Name);
        errors.AddIf(r.Delivered is null, "delivered", "Give the delivery date (YYYY-MM-DD).");
        errors.AddIf(r.Delivered > today, "delivered", "The delivery date cannot be in the future.");
        errors.AddIf(r.Caller is not null && (TextLimits.IsBlank(r.Caller.Id) || TextLimits.IsBlank(r.Caller.Name)), "caller", "Give the caller's id and name.");
        errors.ThrowIfAny();
        var product = new DeliveredProduct
        {
            Id = id,
            Customer = new(Trim(r.CustomerId), r.CustomerName!.Trim()),
            Product = r.Product!.Trim(),
            SerialNumber = Trim(r.SerialNumber),
            Delivered = r.Delivered!.Value,
            Caller = r.Caller,
            RegisteredBy = by,
            RegisteredAt = now,
            // Revisits are opened from the registration on: a project registered late does not get a year of overdue calls.
            OpenedThrough = today.AddDays(-1),
        };
        return new(product, [new(new DeliveredProductRegistered(product.Customer, product.Product, product.SerialNumber, product.Delivered, product.Caller), by, now)]);
    }

    /// <summary>The revisit of a scheduled date, due <paramref name="limit"/> after the date begins (<paramref name="dateStarts"/>).</summary>
    public static Change<Revisit> Open(string id, DeliveredProduct p, DateOnly date, DateTimeOffset dateStarts, DateTimeOffset now, TimeSpan limit)
    {
        var step = WorkItemRules.Open("r1", StepKind, Department.Marketing, now, limit) with { DueAt = dateStarts + limit, Assignee = p.Caller };
        var revisit = new Revisit
        {
            Id = id,
            ScheduleId = p.Id,
            Customer = p.Customer,
            Product = p.Product,
            SerialNumber = p.SerialNumber,
            ScheduledFor = date,
            Steps = [step],
        };
        return new(revisit, [new(new RevisitOpened(p.Id, date, OpenedStep.Of(step)), SystemActor.Instance, now)]);
    }

    public static Change<Revisit> Record(Revisit v, RecordRevisitOutcome r, Staff by, DateTimeOffset now)
    {
        if (!v.IsOpen)
        {
            throw new ConflictException("This revisit is done already.", $"{v.Id} was recorded by {v.Outcome!.By.Name} at {v.Outcome.At:yyyy-MM-dd HH:mm} UTC.");
        }
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(r.SpokeWith), "spokeWith", "Say whom you spoke to (name and role at the customer).");
        TextLimits.Check(errors, "spokeWith", r.SpokeWith, TextLimits.Name);
        errors.AddIf(TextLimits.IsBlank(r.CustomerSaid), "customerSaid", "Write down what the customer said.");
        TextLimits.Check(errors, "customerSaid", r.CustomerSaid, TextLimits.Text);
        errors.ThrowIfAny();
        var step = v.Steps.Single(s => s.Kind == StepKind);
        var closed = step.IsOpen ? WorkItemRules.Close(step, StepOutcome.Done, now) : step;
        var outcome = new RevisitOutcome(r.SpokeWith!.Trim(), r.CustomerSaid!.Trim(), r.Satisfied, by, now);
        var events = new List<DomainEvent>();
        if (step.IsOpen)
        {
            events.Add(new(StepCompleted.Of(closed), by, now));
        }
        events.Add(new(new RevisitDone(outcome.SpokeWith, outcome.CustomerSaid, outcome.Satisfied, closed.OnTime), by, now));
        return new(v with { Outcome = outcome, Steps = WorkItemRules.Replace(v.Steps, closed) }, events);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

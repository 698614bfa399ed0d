using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.FieldService;

/// <summary>Where an installation and commissioning job stands.</summary>
public enum CommissioningStage { Planned, InProgress, Accepted, Closed }

/// <summary>The joint acceptance's verdict (验收结论).</summary>
public enum AcceptanceResult { Accepted, AcceptedWithOpenPoints }

public sealed record SiteReadiness(bool Ready, string? Note, Staff By, DateTimeOffset At);

public sealed record ProgressNote(string Note, Staff By, DateTimeOffset At);

/// <summary>The acceptance form (验收单) signed jointly with the customer at the end, its signed scan attached.</summary>
public sealed record Acceptance(AcceptanceResult Result, string? OpenPoints, string CustomerRepresentative, string SignedScan, Staff By, DateTimeOffset At);

/// <summary>
/// An installation and commissioning job (安装调试) for a delivered product: planned start, one or
/// two technicians, the 5–7 day limit (its work item is due 7 days after the start), site
/// readiness checked before starting, daily progress notes, the joint acceptance, and the revisit
/// (回访) within a week after it.
/// </summary>
public sealed record CommissioningJob
{
    public required string Id { get; init; }
    public required string CustomerName { get; init; }
    public required string Product { get; init; }
    public string? OrderNumber { get; init; }
    public string? ComplaintNumber { get; init; }
    public required DateTimeOffset PlannedStart { get; init; }
    public required IReadOnlyList<Staff> Technicians { get; init; }
    public required Staff OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public CommissioningStage Stage { get; init; } = CommissioningStage.Planned;
    public IReadOnlyList<SiteReadiness> ReadinessChecks { get; init; } = [];
    public DateTimeOffset? StartedAt { get; init; }
    public IReadOnlyList<ProgressNote> Progress { get; init; } = [];
    public Acceptance? Acceptance { get; init; }
    public string? RevisitNote { get; init; }
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];
}

public sealed record NewCommissioningJob(string? CustomerName, string? Product, string? OrderNumber, string? ComplaintNumber, DateTimeOffset? PlannedStart, IReadOnlyList<Staff>? Technicians);

public sealed record CheckReadiness(bool? Ready, string? Note);

public sealed record AddProgress(string? Note);

public sealed record RecordAcceptance(AcceptanceResult? Result, string? OpenPoints, string? CustomerRepresentative, string? SignedScan);

public sealed record RecordCommissioningRevisit(string? Note);

public sealed record CommissioningPlanned(DateTimeOffset PlannedStart, IReadOnlyList<Staff> Technicians, OpenedStep Step) : IEventData;

public sealed record SiteReadinessChecked(bool Ready, CommissioningStage Stage, DateTimeOffset DueAt) : IEventData;

public sealed record ProgressNoted(string Note) : IEventData;

public sealed record CommissioningAccepted(AcceptanceResult Result, string? OpenPoints, string CustomerRepresentative, string SignedScan, OpenedStep Revisit) : IEventData;

public sealed record CommissioningRevisited(string Note) : IEventData;

/// <summary>The commissioning rules as plain C#.</summary>
public static class CommissioningRules
{
    public static Change<CommissioningJob> Open(string id, NewCommissioningJob r, Staff by, DateTimeOffset now, TimeSpan limit)
    {
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(r.CustomerName), "customerName", "Name the customer.");
        TextLimits.CheckName(errors, "customerName", r.CustomerName);
        errors.AddIf(TextLimits.IsBlank(r.Product), "product", "Name the product delivered.");
        TextLimits.Check(errors, "product", r.Product, TextLimits.Name);
        TextLimits.Check(errors, "orderNumber", r.OrderNumber, TextLimits.Name);
        errors.AddIf(r.ComplaintNumber is not null && !Complaints.ComplaintNumber.IsValid(r.ComplaintNumber), "complaintNumber", "A complaint number looks like KS-202611-0042.");
        errors.AddIf(r.PlannedStart is not { } start || start < now.AddDays(-1) || start > now.AddDays(365), "plannedStart", "Give the planned start (from yesterday to a year ahead).");
        var technicians = r.Technicians ?? [];
        errors.AddIf(technicians.Count is < 1 or > 2 || technicians.Any(t => t is null || TextLimits.IsBlank(t.Id) || TextLimits.IsBlank(t.Name)),
            "technicians", "Send one or two technicians (id and name each).");
        errors.ThrowIfAny();
        var plannedStart = r.PlannedStart!.Value;
        var step = WorkItemRules.Open("c1", "commissioning", Department.Technical, now, limit) with
        {
            DueAt = plannedStart + limit, Assignee = technicians[0], Stage = Codes.Of(CommissioningStage.Planned),
        };
        var job = new CommissioningJob
        {
            Id = id, CustomerName = r.CustomerName!.Trim(), Product = r.Product!.Trim(), OrderNumber = r.OrderNumber?.Trim(), ComplaintNumber = r.ComplaintNumber,
            PlannedStart = plannedStart, Technicians = technicians, OpenedBy = by, OpenedAt = now, Steps = [step],
        };
        return new(job, [new DomainEvent(new CommissioningPlanned(plannedStart, technicians, OpenedStep.Of(step)), by, now)]);
    }

    /// <summary>The site is checked before starting: ready starts the work (its 7 days count from now); not ready keeps it planned.</summary>
    public static Change<CommissioningJob> Readiness(CommissioningJob j, CheckReadiness r, Staff by, DateTimeOffset now, TimeSpan limit)
    {
        Require(j, CommissioningStage.Planned, "readiness");
        var errors = new ErrorList();
        errors.AddIf(r.Ready is null, "ready", "Say whether the site is ready (power, foundation, utilities, access).");
        errors.AddIf(r.Ready == false && TextLimits.IsBlank(r.Note), "note", "Say what is not ready.");
        TextLimits.Check(errors, "note", r.Note, TextLimits.Text);
        errors.ThrowIfAny();
        var check = new SiteReadiness(r.Ready!.Value, TextLimits.IsBlank(r.Note) ? null : r.Note!.Trim(), by, now);
        var changed = j with { ReadinessChecks = [.. j.ReadinessChecks, check] };
        if (check.Ready)
        {
            var stage = Codes.Of(CommissioningStage.InProgress);
            changed = changed with
            {
                Stage = CommissioningStage.InProgress, StartedAt = now,
                Steps = [.. j.Steps.Select(s => s.IsOpen ? s with { StartedAt = now, DueAt = now + limit, Stage = stage } : s)],
            };
        }
        var due = changed.Steps.Where(s => s.IsOpen).Select(s => s.DueAt).FirstOrDefault();
        return new(changed, [new DomainEvent(new SiteReadinessChecked(check.Ready, changed.Stage, due), by, now, check.Note)]);
    }

    public static Change<CommissioningJob> Progress(CommissioningJob j, AddProgress p, Staff by, DateTimeOffset now)
    {
        Require(j, CommissioningStage.InProgress, "progress");
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(p.Note), "note", "Write the day's progress.");
        TextLimits.Check(errors, "note", p.Note, TextLimits.Text);
        errors.ThrowIfAny();
        return new(j with { Progress = [.. j.Progress, new ProgressNote(p.Note!.Trim(), by, now)] }, [new DomainEvent(new ProgressNoted(p.Note!.Trim()), by, now)]);
    }

    /// <summary>The joint acceptance closes the work; the revisit (回访) is due within <paramref name="revisitWithin"/>.</summary>
    public static Change<CommissioningJob> Accept(CommissioningJob j, RecordAcceptance a, bool scanAttached, Staff by, DateTimeOffset now, TimeSpan revisitWithin)
    {
        Require(j, CommissioningStage.InProgress, "acceptance");
        var errors = new ErrorList();
        errors.AddIf(a.Result is not { } result || !Enum.IsDefined(result), "result", $"Give the acceptance result: {Codes.List<AcceptanceResult>()}.");
        errors.AddIf(a.Result == AcceptanceResult.AcceptedWithOpenPoints && TextLimits.IsBlank(a.OpenPoints), "openPoints", "List the open points agreed with the customer.");
        TextLimits.Check(errors, "openPoints", a.OpenPoints, TextLimits.Text);
        errors.AddIf(TextLimits.IsBlank(a.CustomerRepresentative), "customerRepresentative", "Name the customer's representative who signed.");
        TextLimits.CheckName(errors, "customerRepresentative", a.CustomerRepresentative);
        errors.AddIf(TextLimits.IsBlank(a.SignedScan), "signedScan", "Attach the signed acceptance form (验收单) to the job and give its attachment id.");
        errors.AddIf(!TextLimits.IsBlank(a.SignedScan) && !scanAttached, "signedScan", $"{a.SignedScan} is not an attachment of {j.Id}.");
        errors.ThrowIfAny();
        var acceptance = new Acceptance(a.Result!.Value, TextLimits.IsBlank(a.OpenPoints) ? null : a.OpenPoints!.Trim(), a.CustomerRepresentative!.Trim(), a.SignedScan!, by, now);
        var closed = j.Steps.Select(s => s.IsOpen ? WorkItemRules.Close(s, StepOutcome.Done, now) : s).ToList();
        var revisit = WorkItemRules.Open($"c{j.Steps.Count + 1}", "revisit", Department.Marketing, now, revisitWithin);
        var events = closed.Where(s => j.Steps.Any(o => o.Id == s.Id && o.IsOpen)).Select(s => new DomainEvent(StepCompleted.Of(s), by, now)).ToList();
        events.Add(new DomainEvent(new CommissioningAccepted(acceptance.Result, acceptance.OpenPoints, acceptance.CustomerRepresentative, acceptance.SignedScan, OpenedStep.Of(revisit)), by, now));
        return new(j with { Stage = CommissioningStage.Accepted, Acceptance = acceptance, Steps = [.. closed, revisit] }, events);
    }

    public static Change<CommissioningJob> Revisit(CommissioningJob j, RecordCommissioningRevisit r, Staff by, DateTimeOffset now)
    {
        Require(j, CommissioningStage.Accepted, "revisit");
        if (TextLimits.IsBlank(r.Note))
        {
            throw ValidationException.For("note", "Record what the customer said.");
        }
        var closed = j.Steps.Select(s => s.IsOpen ? WorkItemRules.Close(s, StepOutcome.Done, now) : s).ToList();
        var events = closed.Where(s => j.Steps.Any(o => o.Id == s.Id && o.IsOpen)).Select(s => new DomainEvent(StepCompleted.Of(s), by, now)).ToList();
        events.Add(new DomainEvent(new CommissioningRevisited(r.Note!.Trim()), by, now));
        return new(j with { Stage = CommissioningStage.Closed, RevisitNote = r.Note!.Trim(), Steps = closed }, events);
    }

    private static void Require(CommissioningJob j, CommissioningStage stage, string action)
    {
        if (j.Stage != stage)
        {
            throw new ConflictException("That is not possible at the job's current stage.", $"{j.Id} is {Codes.Of(j.Stage)}; '{action}' needs it {Codes.Of(stage)}.",
                new Dictionary<string, object?> { ["id"] = j.Id, ["stage"] = Codes.Of(j.Stage), ["action"] = action });
        }
    }
}

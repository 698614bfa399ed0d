using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.FieldService;

/// <summary>The card as sent for a draft save: only the fields given change (parts, when given, replace the list).</summary>
public sealed record ServiceCardDraft(
    DateTimeOffset? ArrivedAt, DateTimeOffset? DepartedAt, string? Observations, string? Analysis, string? WorkDone,
    IReadOnlyList<PartUsed>? Parts, decimal? LabourHours, bool? InWarranty, string? CustomerRepresentative, bool? EffectVerified,
    string? CustomerComment, string? SignedCard);

/// <summary>The visit's rules as plain C#: opening on dispatch, a second technician, drafts of the card, completion and its charges.</summary>
public static class VisitRules
{
    public const string StepKind = "visit";
    public const int MaxTechnicians = 2, MaxParts = 50;

    public static Change<Visit> Open(string id, string complaintNumber, string customerName, Staff technician, DateTimeOffset dueAt, Staff by, DateTimeOffset now)
    {
        var step = WorkItemRules.Open("v1", StepKind, Department.Technical, now, dueAt - now) with { DueAt = dueAt, Assignee = technician, Stage = "travelling" };
        var visit = new Visit
        {
            Id = id, ComplaintNumber = complaintNumber, CustomerName = customerName, Technicians = [technician],
            DispatchedAt = now, ArrivalDueAt = dueAt, Steps = [step],
        };
        return new(visit, [new DomainEvent(new VisitOpened(complaintNumber, visit.Technicians, dueAt, OpenedStep.Of(step)), by, now)]);
    }

    public static Change<Visit> AddTechnician(Visit v, Staff? technician, Staff by, DateTimeOffset now)
    {
        RequireOpen(v, "add a technician");
        if (technician is null || TextLimits.IsBlank(technician.Id) || TextLimits.IsBlank(technician.Name))
        {
            throw ValidationException.For("technician", "Name the technician (id and name).");
        }
        if (v.Technicians.Any(t => t.Id == technician.Id))
        {
            return new(v, []);
        }
        if (v.Technicians.Count >= MaxTechnicians)
        {
            throw new ConflictException("A visit has one or two technicians.", $"{v.Id} has {v.Technicians.Count} technicians already.");
        }
        return new(v with { Technicians = [.. v.Technicians, technician] }, [new DomainEvent(new TechnicianAdded(technician), by, now)]);
    }

    public static Change<Visit> SaveCard(Visit v, ServiceCardDraft d, Staff by, DateTimeOffset now, decimal labourRate, TimeSpan onSiteLimit)
    {
        RequireOpen(v, "change the card");
        var errors = new ErrorList();
        TextLimits.Check(errors, "observations", d.Observations, TextLimits.Text);
        TextLimits.Check(errors, "analysis", d.Analysis, TextLimits.Text);
        TextLimits.Check(errors, "workDone", d.WorkDone, TextLimits.Text);
        TextLimits.Check(errors, "customerComment", d.CustomerComment, TextLimits.Text);
        TextLimits.CheckName(errors, "customerRepresentative", d.CustomerRepresentative);
        TextLimits.Check(errors, "signedCard", d.SignedCard, TextLimits.Name);
        errors.AddIf(d.ArrivedAt > now + ComplaintLifecycle.ArrivalSkew, "arrivedAt", "The arrival cannot lie in the future.");
        errors.AddIf(d.ArrivedAt is { } typed && ComplaintLifecycle.ArrivesBeforeDispatch(typed, v.DispatchedAt), "arrivedAt", $"The arrival cannot come before the dispatch ({v.DispatchedAt:yyyy-MM-dd HH:mm} UTC).");
        errors.AddIf(d.DepartedAt > now + ComplaintLifecycle.ArrivalSkew, "departedAt", "The departure cannot lie in the future.");
        errors.AddIf(d.LabourHours is < 0 or > 1000, "labourHours", "Labour is 0 to 1000 hours.");
        var parts = d.Parts ?? v.Card.Parts;
        errors.AddIf(parts.Count > MaxParts, "parts", $"At most {MaxParts} parts.");
        foreach (var (p, i) in parts.Take(MaxParts).Select((p, i) => (p, i)))
        {
            errors.AddIf(p is null || TextLimits.IsBlank(p.PartNumber), $"parts[{i}].partNumber", "Give the part number (料号).");
            errors.AddIf(p is { Quantity: < 1 or > 100_000 }, $"parts[{i}].quantity", "Quantity is 1 to 100000.");
            errors.AddIf(p is { UnitCost: < 0 or > 10_000_000 }, $"parts[{i}].unitCost", "The unit cost is 0 or more (CNY, at cost).");
        }
        var card = v.Card with
        {
            ArrivedAt = d.ArrivedAt ?? v.Card.ArrivedAt,
            DepartedAt = d.DepartedAt ?? v.Card.DepartedAt,
            Observations = d.Observations ?? v.Card.Observations,
            Analysis = d.Analysis ?? v.Card.Analysis,
            WorkDone = d.WorkDone ?? v.Card.WorkDone,
            Parts = parts,
            LabourHours = d.LabourHours ?? v.Card.LabourHours,
            InWarranty = d.InWarranty ?? v.Card.InWarranty,
            CustomerRepresentative = d.CustomerRepresentative ?? v.Card.CustomerRepresentative,
            EffectVerified = d.EffectVerified ?? v.Card.EffectVerified,
            CustomerComment = d.CustomerComment ?? v.Card.CustomerComment,
            SignedCard = d.SignedCard ?? v.Card.SignedCard,
        };
        errors.AddIf(card.DepartedAt is { } left && (card.ArrivedAt is not { } came || left < came), "departedAt", "The departure follows the arrival.");
        errors.ThrowIfAny();
        var fields = Changed(v.Card, card);
        if (fields.Count == 0)
        {
            return new(v, []);
        }
        var changed = v with { Card = card, Charges = Charge(card, labourRate) };
        // Arrival recorded: the visit is on site, and its step is now the record's completion.
        if (v.Stage == VisitStage.Travelling && card.ArrivedAt is not null)
        {
            changed = changed with
            {
                Stage = VisitStage.OnSite,
                Steps = [.. changed.Steps.Select(s => s.IsOpen ? s with { Stage = "onSite", StartedAt = card.ArrivedAt, DueAt = card.ArrivedAt!.Value + onSiteLimit } : s)],
            };
        }
        return new(changed, [new DomainEvent(new ServiceCardSaved(fields, changed.Stage), by, now)]);
    }

    /// <summary>Completes the visit: the card must be whole and the signed card attached (<paramref name="signedCardAttached"/>).</summary>
    public static Change<Visit> Complete(Visit v, bool signedCardAttached, Staff by, DateTimeOffset now, decimal labourRate)
    {
        RequireOpen(v, "complete it");
        var c = v.Card;
        var errors = new ErrorList();
        errors.AddIf(c.ArrivedAt is null, "arrivedAt", "Record when you arrived.");
        errors.AddIf(c.DepartedAt is null, "departedAt", "Record when you left.");
        errors.AddIf(TextLimits.IsBlank(c.Observations), "observations", "Record what you observed on site.");
        errors.AddIf(TextLimits.IsBlank(c.WorkDone), "workDone", "Record what was done.");
        errors.AddIf(c.InWarranty is null, "inWarranty", "Say whether the product is within its warranty (it decides the charges).");
        errors.AddIf(TextLimits.IsBlank(c.CustomerRepresentative), "customerRepresentative", "Name the customer's representative who verified the work.");
        errors.AddIf(c.EffectVerified is null, "effectVerified", "Record the customer's verdict: effect verified or not.");
        errors.AddIf(TextLimits.IsBlank(c.SignedCard), "signedCard", "Attach the signed card (scan or photo) to the visit and give its attachment id.");
        errors.AddIf(!TextLimits.IsBlank(c.SignedCard) && !signedCardAttached, "signedCard", $"{c.SignedCard} is not an attachment of {v.Id}.");
        errors.ThrowIfAny();
        var charges = Charge(c, labourRate);
        var steps = v.Steps.Select(s => s.IsOpen ? WorkItemRules.Close(s, StepOutcome.Done, now) : s).ToList();
        var done = v with { Stage = VisitStage.Completed, CompletedAt = now, Charges = charges, Steps = steps };
        var closed = steps.Where(s => v.Steps.Any(o => o.Id == s.Id && o.IsOpen)).Select(s => new DomainEvent(StepCompleted.Of(s), by, now));
        return new(done, [new DomainEvent(new VisitCompleted(c.EffectVerified!.Value, c.CustomerRepresentative!.Trim(), c.SignedCard!, charges), by, now), .. closed]);
    }

    /// <summary>
    /// At cost (documents: 保修期外, parts and labour at cost; wear parts never covered): within the
    /// warranty only wear parts are charged; outside it every part and the labour at the configured rate.
    /// </summary>
    public static VisitCharges Charge(ServiceCard c, decimal labourRate)
    {
        var outOfWarranty = c.InWarranty == false;
        var parts = c.Parts.Where(p => outOfWarranty || p.WearPart).Sum(p => p.Quantity * p.UnitCost);
        var labour = outOfWarranty ? Math.Round((c.LabourHours ?? 0) * labourRate, 2) : 0m;
        return new(parts, labour, parts + labour, "CNY");
    }

    /// <summary>
    /// What the complaint's resolution says when a verified visit resolves it: the work done, and
    /// for a major problem the analysis as the service report's summary (the filed report is
    /// quality's document). Each within the complaint's text limit.
    /// </summary>
    public static (string Summary, string ServiceReport) Resolution(Visit v)
    {
        static string Fit(string text) => text.Length <= TextLimits.Text ? text : text[..TextLimits.Text];
        var work = v.Card.WorkDone?.Trim() ?? "";
        var analysis = TextLimits.IsBlank(v.Card.Analysis) ? work : v.Card.Analysis!.Trim();
        return (Fit($"{v.Id}: {work}"), Fit($"{v.Id}: {analysis}"));
    }

    private static void RequireOpen(Visit v, string what)
    {
        if (v.Stage == VisitStage.Completed)
        {
            throw new ConflictException("The visit is completed.", $"{v.Id} was completed on {v.CompletedAt:yyyy-MM-dd HH:mm} UTC; you cannot {what}.",
                new Dictionary<string, object?> { ["id"] = v.Id, ["stage"] = Codes.Of(v.Stage) });
        }
    }

    private static List<string> Changed(ServiceCard a, ServiceCard b)
    {
        var fields = new List<string>();
        void If(bool differs, string name)
        {
            if (differs)
            {
                fields.Add(name);
            }
        }
        If(a.ArrivedAt != b.ArrivedAt, "arrivedAt");
        If(a.DepartedAt != b.DepartedAt, "departedAt");
        If(a.Observations != b.Observations, "observations");
        If(a.Analysis != b.Analysis, "analysis");
        If(a.WorkDone != b.WorkDone, "workDone");
        If(!a.Parts.SequenceEqual(b.Parts), "parts");
        If(a.LabourHours != b.LabourHours, "labourHours");
        If(a.InWarranty != b.InWarranty, "inWarranty");
        If(a.CustomerRepresentative != b.CustomerRepresentative, "customerRepresentative");
        If(a.EffectVerified != b.EffectVerified, "effectVerified");
        If(a.CustomerComment != b.CustomerComment, "customerComment");
        If(a.SignedCard != b.SignedCard, "signedCard");
        return fields;
    }
}

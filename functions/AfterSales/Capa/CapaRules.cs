using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Capa;

/// <summary>The time limit of each stage's work item (settings: <see cref="CapaOptions"/>); measures are due at their own deadlines.</summary>
public sealed record CapaLimits(TimeSpan Notification, TimeSpan CauseAnalysis, TimeSpan Planning, TimeSpan Review, TimeSpan Approval, TimeSpan Verification, TimeSpan Closure);

public sealed record NewDecision(bool? Needed, string? Record);

public sealed record NewDecisions(NewDecision? CauseAnalysis, NewDecision? Action, NewDecision? EffectConfirmation);

/// <summary>Opening a CAPA: the problem, its complaints, the part, and the service feedback record's three decisions.</summary>
public sealed record NewCapa(string? Title, string? Problem, string? PartNumber, IReadOnlyList<string>? Complaints, NewDecisions? Decisions);

/// <summary>
/// The CAPA closed loop as plain C#: opening (closed at once as continuous improvement when no
/// action is needed), then one command per stage (CapaRules.Stages.cs), each closing the stage's
/// work items and opening the next. Time, actor and limits come in as arguments.
/// </summary>
public static partial class CapaRules
{
    public const int MaxComplaints = 200, MaxComplaintsPerRequest = 50, MaxMeasures = 20, MaxEvidence = 20;

    public static Change<CorrectiveAction> Open(string id, NewCapa request, string? partNumber, Staff by, DateTimeOffset now, CapaLimits limits)
    {
        var errors = new ErrorList();
        Text(errors, "title", request.Title, TextLimits.Name, "Give the problem a short title.");
        Text(errors, "problem", request.Problem, TextLimits.Text, "Describe the problem as the complaints report it.");
        TextLimits.Check(errors, "partNumber", partNumber, TextLimits.Name);
        var complaints = ComplaintNumbers(request.Complaints, "complaints", errors);
        errors.AddIf(complaints.Count == 0 && errors.Count == 0, "complaints", "Link the complaint (or the complaints) the problem comes from.");
        var d = request.Decisions;
        var cause = DecisionOf(d?.CauseAnalysis, "decisions.causeAnalysis", errors, "Say why no cause analysis is needed (the cause is known: which).");
        var action = DecisionOf(d?.Action, "decisions.action", errors, "Say why no corrective or preventive action is needed (it is closed as continuous improvement).");
        var effect = DecisionOf(d?.EffectConfirmation, "decisions.effectConfirmation", errors, null);
        errors.ThrowIfAny();
        var capa = new CorrectiveAction
        {
            Id = id,
            Title = request.Title!.Trim(),
            Problem = request.Problem!.Trim(),
            PartNumber = string.IsNullOrWhiteSpace(partNumber) ? null : partNumber.Trim(),
            Complaints = complaints,
            Decisions = new(cause!, action!, effect!),
            OpenedBy = by,
            OpenedAt = now,
        };
        if (!action!.Needed)
        {
            var closed = capa with { Stage = CapaStage.Closed, Outcome = CapaOutcome.ContinuousImprovement, ClosingNote = action.Record, ClosedAt = now };
            return new(closed,
            [
                new(new CapaOpened(capa.Title, capa.PartNumber, complaints, capa.Decisions, CapaStage.Closed, null), by, now),
                new(new CapaClosed(CapaOutcome.ContinuousImprovement, [], CapaStage.Closed), by, now, action.Record),
            ]);
        }
        var step = WorkItemRules.Open("s1", Codes.Of(CapaStep.Notification), Department.Quality, now, limits.Notification) with { Assignee = by };
        capa = capa with { Steps = [step] };
        return new(capa, [new(new CapaOpened(capa.Title, capa.PartNumber, complaints, capa.Decisions, capa.Stage, OpenedStep.Of(step)), by, now)]);
    }

    /// <summary>The actions the CAPA's stage allows, named as their URLs end; more complaints may be linked while it is open.</summary>
    public static IReadOnlyList<string> AllowedActions(CorrectiveAction c)
    {
        var stage = c.Stage switch
        {
            CapaStage.Notification => "notification",
            CapaStage.CauseAnalysis => "cause-analysis",
            CapaStage.Planning => "plan",
            CapaStage.Review => "review",
            CapaStage.Approval => "approval",
            CapaStage.Execution => "completion",
            CapaStage.Verification => "verification",
            CapaStage.Closure => "closure",
            _ => null,
        };
        return stage is null ? [] : [stage, "complaints"];
    }

    /// <summary>The 409 for an action the stage does not allow: it names the stage and what is allowed.</summary>
    public static ConflictException Refusal(CorrectiveAction c, string action, string message) =>
        new("That is not possible at the CAPA's current stage.", message, new Dictionary<string, object?>
        {
            ["id"] = c.Id,
            ["stage"] = Codes.Of(c.Stage),
            ["action"] = action,
            ["allowedActions"] = AllowedActions(c),
        });

    /// <summary>Complaint numbers, each well formed and named once.</summary>
    public static IReadOnlyList<string> ComplaintNumbers(IReadOnlyList<string>? numbers, string field, ErrorList errors)
    {
        if (numbers is { Count: > MaxComplaintsPerRequest })
        {
            errors.Add(field, $"Link at most {MaxComplaintsPerRequest} complaints at a time.");
            return [];
        }
        var found = new List<string>();
        foreach (var (number, i) in (numbers ?? []).Select((n, i) => (n?.Trim(), i)))
        {
            if (!Complaints.ComplaintNumber.IsValid(number))
            {
                errors.Add($"{field}[{i}]", "Give a complaint number such as KS-202611-0042.");
            }
            else if (!found.Contains(number!))
            {
                found.Add(number!);
            }
        }
        return found;
    }

    private static Decision? DecisionOf(NewDecision? d, string field, ErrorList errors, string? whyNot)
    {
        if (d?.Needed is not { } needed)
        {
            errors.Add($"{field}.needed", "Decide whether it is needed (true or false).");
            return null;
        }
        TextLimits.Check(errors, $"{field}.record", d.Record, TextLimits.Text);
        if (!needed && whyNot is not null && string.IsNullOrWhiteSpace(d.Record))
        {
            errors.Add($"{field}.record", whyNot);
        }
        return new Decision(needed, string.IsNullOrWhiteSpace(d.Record) ? null : d.Record.Trim());
    }

    private static void Text(ErrorList errors, string field, string? text, int max, string missing)
    {
        errors.AddIf(string.IsNullOrWhiteSpace(text), field, missing);
        TextLimits.Check(errors, field, text, max);
    }

    private static IReadOnlyList<Evidence> EvidenceOf(IReadOnlyList<Evidence>? given, string field, ErrorList errors)
    {
        if (given is { Count: > MaxEvidence })
        {
            errors.Add(field, $"At most {MaxEvidence} pieces of evidence.");
            return [];
        }
        foreach (var (e, i) in (given ?? []).Select((e, i) => (e, i)))
        {
            errors.AddIf(string.IsNullOrWhiteSpace(e?.Reference), $"{field}[{i}].reference", "Give the evidence's reference (attachment id, report or document number).");
            TextLimits.Check(errors, $"{field}[{i}].reference", e?.Reference, TextLimits.Name);
            TextLimits.Check(errors, $"{field}[{i}].note", e?.Note, TextLimits.Text);
        }
        return [.. (given ?? []).Where(e => !string.IsNullOrWhiteSpace(e?.Reference))
            .Select(e => new Evidence(e.Reference.Trim(), string.IsNullOrWhiteSpace(e.Note) ? null : e.Note.Trim()))];
    }
}

using System.Globalization;
using AfterSales.Kernel;

namespace AfterSales.Assessment;

/// <summary>
/// The rules of a self-assessment, plain C#: opening one for a period, recording findings per
/// item (checked against the item's kind), special deductions and bonuses with their reasons,
/// and completing it once every item has a finding.
/// </summary>
public static class AssessmentRules
{
    /// <summary>The longest period one assessment covers, and the largest single deduction or bonus.</summary>
    public const int MaxMonths = 24;
    public const decimal MaxAdjustment = 20m;
    public const int MaxItemsPerRequest = 100, MaxEvidence = 20;

    public static IReadOnlyList<string> AllowedActions(SelfAssessment a) =>
        a.IsOpen ? ["items", "adjustments", "evidence", "completion"] : [];

    public static AssessmentPeriod Period(string? from, string? to)
    {
        var errors = new ErrorList();
        errors.AddIf(!IsMonth(from), "from", "from is the first month assessed, YYYYMM (e.g. 202601).");
        errors.AddIf(!IsMonth(to), "to", "to is the last month assessed, YYYYMM (e.g. 202612).");
        errors.ThrowIfAny();
        var period = new AssessmentPeriod(from!, to!);
        errors.AddIf(string.CompareOrdinal(from, to) > 0, "to", "to is not before from.");
        errors.AddIf(string.CompareOrdinal(from, to) <= 0 && period.Months().Take(MaxMonths + 1).Count() > MaxMonths, "to", $"An assessment covers at most {MaxMonths} months.");
        errors.ThrowIfAny();
        return period;
    }

    public static Change<SelfAssessment> Open(string id, NewAssessment request, IndicatorSet set, IReadOnlyList<SystemFinding> evidence, Staff by, DateTimeOffset now)
    {
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(request.Title), "title", "Give the assessment a title, e.g. 2026年度售后服务自我评价.");
        TextLimits.Check(errors, "title", request.Title, TextLimits.Name);
        errors.ThrowIfAny();
        var period = Period(request.From, request.To);
        var opened = new SelfAssessment
        {
            Id = id, Title = request.Title!.Trim(), Period = period, Indicators = set, OpenedBy = by, OpenedAt = now,
            SystemEvidence = evidence, EvidenceCollectedAt = now,
        };
        return new(opened, [new(new AssessmentOpened(opened.Title, period, set.Version), by, now), new(new SystemEvidenceCollected(evidence), by, now)]);
    }

    public static Change<SelfAssessment> Execute(SelfAssessment a, AssessmentCommand command, Staff by, DateTimeOffset now)
    {
        if (!a.IsOpen)
        {
            throw new ConflictException("The assessment is completed.", $"{a.Id} was completed on {a.CompletedAt:yyyy-MM-dd}; open a new assessment to assess again.",
                new Dictionary<string, object?> { ["state"] = Codes.Of(a.State), ["allowedActions"] = AllowedActions(a) });
        }
        return command switch
        {
            AssessItems c => Assess(a, c, by, now),
            AddAdjustment c => Adjust(a, c, by, now),
            WithdrawAdjustment c => Withdraw(a, c, by, now),
            RefreshEvidence c => new(a with { SystemEvidence = c.Findings, EvidenceCollectedAt = now }, [new(new SystemEvidenceCollected(c.Findings), by, now)]),
            CompleteAssessment c => Complete(a, c, by, now),
            _ => throw new InvalidOperationException($"No rule for {command.GetType().Name}."),
        };
    }

    private static Change<SelfAssessment> Assess(SelfAssessment a, AssessItems c, Staff by, DateTimeOffset now)
    {
        var errors = new ErrorList();
        errors.AddIf(c.Items is not { Count: > 0 and <= MaxItemsPerRequest }, "items", $"Send 1 to {MaxItemsPerRequest} findings.");
        errors.ThrowIfAny();
        var results = new List<ItemResult>();
        for (var i = 0; i < c.Items!.Count; i++)
        {
            if (Result(a, c.Items[i], $"items[{i}]", errors, by, now) is { } r)
            {
                errors.AddIf(results.Any(x => x.Item == r.Item), $"items[{i}].item", $"{r.Item} is given twice.");
                results.Add(r);
            }
        }
        errors.ThrowIfAny();
        var kept = a.Results.Where(r => results.All(n => n.Item != r.Item));
        return new(a with { Results = [.. kept, .. results] }, [new(new ItemsAssessed(results), by, now)]);
    }

    private static ItemResult? Result(SelfAssessment a, ItemInput? input, string at, ErrorList errors, Staff by, DateTimeOffset now)
    {
        if (input is null)
        {
            errors.Add(at, "A finding is missing.");
            return null;
        }
        var item = input.Item is null ? null : a.Indicators.FindItem(input.Item);
        if (item is null)
        {
            errors.Add($"{at}.item", $"'{input.Item}' is not an item of indicator set version {a.Indicators.Version}.");
            return null;
        }
        TextLimits.Check(errors, $"{at}.note", input.Note, TextLimits.Text);
        TextLimits.Check(errors, $"{at}.reason", input.Reason, TextLimits.Text);
        var evidence = input.Evidence ?? [];
        errors.AddIf(evidence.Count > MaxEvidence, $"{at}.evidence", $"At most {MaxEvidence} evidence references per item.");
        for (var e = 0; e < evidence.Count; e++)
        {
            errors.AddIf(evidence[e] is null || TextLimits.IsBlank(evidence[e].Reference), $"{at}.evidence[{e}].reference", "Give the reference: an attachment id, a report or document number.");
            TextLimits.Check(errors, $"{at}.evidence[{e}].reference", evidence[e]?.Reference, TextLimits.Name);
        }
        var (finding, sampled, passed, fromSystem) = (input.Finding, input.Sampled, input.Passed, false);
        if (input.AcceptSystemEvidence == true)
        {
            var system = a.SystemEvidence.FirstOrDefault(s => s.Item == item.Code);
            if (system is not { HasData: true })
            {
                errors.Add($"{at}.acceptSystemEvidence", system is null
                    ? $"The system counts nothing for {item.Code}; record what you found."
                    : $"{system.Basis} ({item.Code})");
                return null;
            }
            (finding, sampled, passed, fromSystem) = (ItemFinding.Sampled, system.Sampled, system.Passed, true);
        }
        switch (finding)
        {
            case null:
                errors.Add($"{at}.finding", $"Give the finding: {Codes.List<ItemFinding>()} (or acceptSystemEvidence: true).");
                return null;
            case ItemFinding.Sampled when item.Kind != ItemKind.Sampled:
                errors.Add($"{at}.finding", $"{item.Code} is judged conforming or not (qualitative), not by a sample.");
                return null;
            case ItemFinding.Sampled:
                errors.AddIf(sampled is not > 0, $"{at}.sampled", "How many were sampled: more than 0 (exclude the item when there was nothing to sample).");
                errors.AddIf(passed is not >= 0 || passed > sampled, $"{at}.passed", "How many of the sample passed: 0 to the number sampled.");
                break;
            case ItemFinding.Excluded:
                errors.AddIf(TextLimits.IsBlank(input.Reason), $"{at}.reason", "Say why the item does not apply (不适用).");
                break;
            case ItemFinding.NonConforming:
                errors.AddIf(TextLimits.IsBlank(input.Note) && TextLimits.IsBlank(input.Reason), $"{at}.note", "Record what does not conform.");
                break;
        }
        var isSample = finding == ItemFinding.Sampled;
        return new ItemResult(item.Code, finding.Value, isSample ? sampled : null, isSample ? passed : null, Trim(input.Reason), Trim(input.Note),
            [.. evidence.Where(e => e is not null).Select(e => new EvidenceReference(e.Reference.Trim(), Trim(e.Note)))], fromSystem, by, now);
    }

    private static Change<SelfAssessment> Adjust(SelfAssessment a, AddAdjustment c, Staff by, DateTimeOffset now)
    {
        var errors = new ErrorList();
        errors.AddIf(c.Kind is null, "kind", $"kind is {Codes.List<AdjustmentKind>()}.");
        errors.AddIf(c.Points is not > 0 || c.Points > MaxAdjustment || decimal.Round(c.Points.Value, 2) != c.Points, "points",
            $"Points (of the 100-point score) are more than 0 and at most {MaxAdjustment}, with at most two decimals.");
        errors.AddIf(TextLimits.IsBlank(c.Reason), "reason", "Say why the points are deducted or added.");
        TextLimits.Check(errors, "reason", c.Reason, TextLimits.Text);
        errors.AddIf(c.Indicator is not null && a.Indicators.Groups.SelectMany(g => g.Indicators).All(i => i.Code != c.Indicator), "indicator",
            $"'{c.Indicator}' is not a second-level indicator of this assessment.");
        errors.ThrowIfAny();
        var adjustment = new Adjustment($"a{a.Adjustments.Count + 1}", c.Kind!.Value, c.Points!.Value, c.Reason!.Trim(), c.Indicator, by, now);
        return new(a with { Adjustments = [.. a.Adjustments, adjustment] }, [new(new AdjustmentRecorded(adjustment), by, now, adjustment.Reason)]);
    }

    private static Change<SelfAssessment> Withdraw(SelfAssessment a, WithdrawAdjustment c, Staff by, DateTimeOffset now)
    {
        var adjustment = a.Adjustments.FirstOrDefault(x => x.Id == c.AdjustmentId)
            ?? throw new NotFoundException($"{a.Id} has no deduction or bonus {c.AdjustmentId}.");
        if (!adjustment.Counts)
        {
            return new(a, []);
        }
        var errors = new ErrorList();
        errors.AddIf(TextLimits.IsBlank(c.Reason), "reason", "Say why the deduction or bonus is withdrawn.");
        TextLimits.Check(errors, "reason", c.Reason, TextLimits.Text);
        errors.ThrowIfAny();
        var withdrawn = adjustment with { WithdrawnReason = c.Reason!.Trim(), WithdrawnBy = by, WithdrawnAt = now };
        return new(a with { Adjustments = [.. a.Adjustments.Select(x => x.Id == adjustment.Id ? withdrawn : x)] },
            [new(new AdjustmentWithdrawn(adjustment.Id, adjustment.Kind, adjustment.Points), by, now, withdrawn.WithdrawnReason)]);
    }

    private static Change<SelfAssessment> Complete(SelfAssessment a, CompleteAssessment c, Staff by, DateTimeOffset now)
    {
        var score = Scoring.Of(a);
        if (score.Unassessed.Count > 0)
        {
            throw new ConflictException("Some items have no finding.",
                $"Record a finding (or an exclusion) for every item before completing: {string.Join(", ", score.Unassessed.Take(10))}{(score.Unassessed.Count > 10 ? ", ..." : "")}.",
                new Dictionary<string, object?> { ["state"] = Codes.Of(a.State), ["unassessed"] = score.Unassessed });
        }
        var errors = new ErrorList();
        TextLimits.Check(errors, "summary", c.Summary, TextLimits.Text);
        errors.ThrowIfAny();
        var done = a with { State = AssessmentState.Completed, Summary = Trim(c.Summary), CompletedBy = by, CompletedAt = now, FinalScore = score.Total, FinalLevel = score.Level };
        return new(done, [new(new AssessmentCompleted(score.Total, score.Level, score.Base, score.Deductions, score.Bonus), by, now, done.Summary)]);
    }

    private static bool IsMonth(string? s) =>
        s is { Length: 6 } && s.All(char.IsAsciiDigit) && int.Parse(s[4..], CultureInfo.InvariantCulture) is >= 1 and <= 12 && string.CompareOrdinal(s, "200001") >= 0;

    private static string? Trim(string? s) => TextLimits.IsBlank(s) ? null : s!.Trim();
}

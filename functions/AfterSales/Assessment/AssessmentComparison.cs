namespace AfterSales.Assessment;

/// <summary>One indicator in two assessments: points applicable and earned in each, and the change in earned points.</summary>
public sealed record IndicatorChange(string Code, decimal? EarnedBefore, decimal? EarnedAfter, decimal? ApplicableBefore, decimal? ApplicableAfter, decimal Delta);

/// <summary>What moved the score: an item whose earned points changed, or the deductions and bonuses (<c>item</c> "adjustments").</summary>
public sealed record ScoreMover(string Item, string? Indicator, ItemFinding? FindingBefore, ItemFinding? FindingAfter, decimal EarnedBefore, decimal EarnedAfter, decimal Delta);

/// <summary>An indicator costing points in the later assessment: where to improve first.</summary>
public sealed record ImprovementFocus(string Indicator, string Zh, string En, decimal Lost, decimal Applicable, IReadOnlyList<string> Items);

/// <summary>Two assessments side by side: the earlier period first, then the later.</summary>
public sealed record AssessmentComparison(
    string Before,
    string After,
    decimal ScoreBefore,
    decimal ScoreAfter,
    decimal ScoreDelta,
    AssessmentLevel LevelBefore,
    AssessmentLevel LevelAfter,
    bool LevelChanged,
    IReadOnlyList<IndicatorChange> Indicators,
    IReadOnlyList<ScoreMover> Movers,
    IReadOnlyList<ImprovementFocus> ImprovementFocus)
{
    /// <summary>How many indicators the improvement focus names (those losing most points in the later assessment).</summary>
    public const int FocusSize = 5;

    /// <summary>
    /// Compares two assessments (in either order: the earlier period, or the one opened first, is "before"). Indicators and
    /// items are matched by code, so two versions of the indicator set compare where they share codes.
    /// </summary>
    public static AssessmentComparison Of(SelfAssessment x, SelfAssessment y)
    {
        var earlierFirst = string.CompareOrdinal(x.Period.From, y.Period.From) is var byPeriod && (byPeriod < 0 || (byPeriod == 0 && x.OpenedAt <= y.OpenedAt));
        var (a, b) = earlierFirst ? (x, y) : (y, x);
        var (before, after) = (Scoring.Of(a), Scoring.Of(b));
        var beforeByCode = before.Indicators.ToDictionary(i => i.Code);
        var afterByCode = after.Indicators.ToDictionary(i => i.Code);
        var indicators = before.Indicators.Select(i => i.Code).Union(after.Indicators.Select(i => i.Code))
            .Select(code =>
            {
                var (p, q) = (beforeByCode.GetValueOrDefault(code), afterByCode.GetValueOrDefault(code));
                return new IndicatorChange(code, p?.Earned, q?.Earned, p?.Applicable, q?.Applicable, (q?.Earned ?? 0) - (p?.Earned ?? 0));
            }).ToList();

        var itemsBefore = before.Items.ToDictionary(i => i.Item);
        var itemsAfter = after.Items.ToDictionary(i => i.Item);
        var movers = itemsBefore.Keys.Union(itemsAfter.Keys)
            .Select(code =>
            {
                var (p, q) = (itemsBefore.GetValueOrDefault(code), itemsAfter.GetValueOrDefault(code));
                var (e1, e2) = (Scoring.Round(p?.Earned ?? 0), Scoring.Round(q?.Earned ?? 0));
                return new ScoreMover(code, q?.Indicator ?? p?.Indicator, p?.Finding, q?.Finding, e1, e2, e2 - e1);
            })
            .Where(m => m.Delta != 0 || m.FindingBefore != m.FindingAfter)
            .ToList();
        var adjustments = (after.Bonus - after.Deductions) - (before.Bonus - before.Deductions);
        if (adjustments != 0)
        {
            movers.Add(new ScoreMover("adjustments", null, null, null, before.Bonus - before.Deductions, after.Bonus - after.Deductions, adjustments));
        }

        return new AssessmentComparison(a.Id, b.Id, before.Total, after.Total, after.Total - before.Total, before.Level, after.Level, before.Level != after.Level,
            indicators, [.. movers.OrderByDescending(m => Math.Abs(m.Delta)).ThenBy(m => m.Item, StringComparer.Ordinal)], FocusOf(b, after));
    }

    /// <summary>The indicators losing the most points (at most <see cref="FocusSize"/>), each with its items that lost points.</summary>
    public static IReadOnlyList<ImprovementFocus> FocusOf(SelfAssessment a, Score score)
    {
        var names = a.Indicators.Groups.SelectMany(g => g.Indicators).ToDictionary(i => i.Code);
        return [.. score.Indicators.Where(i => i.Lost > 0).OrderByDescending(i => i.Lost).ThenBy(i => i.Code, StringComparer.Ordinal).Take(FocusSize)
            .Select(i => new ImprovementFocus(i.Code, names[i.Code].Zh, names[i.Code].En, i.Lost, i.Applicable,
                [.. score.Items.Where(t => t.Indicator == i.Code && t.Lost > 0).OrderByDescending(t => t.Lost).Select(t => t.Item)]))];
    }
}

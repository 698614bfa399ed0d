namespace AfterSales.Assessment;

/// <summary>One item's points: applicable (not excluded, assessed) and earned.</summary>
public sealed record ItemScore(string Item, string Indicator, string Group, decimal Points, decimal Earned, ItemFinding? Finding)
{
    public bool Applicable => Finding is not (null or ItemFinding.Excluded);
    public decimal Lost => Applicable ? Points - Earned : 0m;
}

/// <summary>A first- or second-level indicator's points: applicable, earned, lost.</summary>
public sealed record IndicatorScore(string Code, decimal Applicable, decimal Earned)
{
    public decimal Lost => Applicable - Earned;
}

/// <summary>
/// A score and how it came about: <see cref="Base"/> = earned ÷ applicable × 100 (two decimals),
/// then <see cref="Total"/> = Base − deductions + bonus, kept within 0 and 100, which sets the level.
/// <see cref="Unassessed"/> items are left out until recorded (completing requires none).
/// </summary>
public sealed record Score(
    decimal Applicable,
    decimal Earned,
    decimal Base,
    decimal Deductions,
    decimal Bonus,
    decimal Total,
    AssessmentLevel Level,
    IReadOnlyList<IndicatorScore> Groups,
    IReadOnlyList<IndicatorScore> Indicators,
    IReadOnlyList<ItemScore> Items,
    IReadOnlyList<string> Unassessed);

/// <summary>
/// The scoring rules of GB/T 27922-2011 in plain C#: a qualitative non-conformity loses the
/// item's points; a sampled item earns its points in proportion (passed ÷ sampled); an excluded
/// item leaves the total; score = earned ÷ applicable × 100. Special deductions and bonuses are
/// points on that 100-point score; the result is kept within 0 and 100.
/// </summary>
public static class Scoring
{
    public static Score Of(SelfAssessment a) => Of(a.Indicators, a.Results, a.Adjustments);

    public static Score Of(IndicatorSet set, IReadOnlyList<ItemResult> results, IReadOnlyList<Adjustment> adjustments)
    {
        var items = set.Items().Select(x => Item(x.Group.Code, x.Indicator.Code, x.Item, results.FirstOrDefault(r => r.Item == x.Item.Code))).ToList();
        var applicable = items.Where(i => i.Applicable).Sum(i => i.Points);
        var earned = items.Where(i => i.Applicable).Sum(i => i.Earned);
        var @base = applicable == 0 ? 0m : Round(earned / applicable * 100m);
        var deductions = adjustments.Where(a => a.Counts && a.Kind == AdjustmentKind.Deduction).Sum(a => a.Points);
        var bonus = adjustments.Where(a => a.Counts && a.Kind == AdjustmentKind.Bonus).Sum(a => a.Points);
        var total = Math.Clamp(@base - deductions + bonus, 0m, 100m);
        return new Score(applicable, Round(earned), @base, deductions, bonus, total, LevelOf(total),
            Sum(items, i => i.Group, set.Groups.Select(g => g.Code)),
            Sum(items, i => i.Indicator, set.Groups.SelectMany(g => g.Indicators).Select(i => i.Code)),
            items,
            [.. items.Where(i => i.Finding is null).Select(i => i.Item)]);
    }

    /// <summary>≥ 95 five stars, ≥ 90 four, ≥ 80 three, ≥ 70 compliant (达标), else not compliant.</summary>
    public static AssessmentLevel LevelOf(decimal score) => score switch
    {
        >= 95m => AssessmentLevel.FiveStars,
        >= 90m => AssessmentLevel.FourStars,
        >= 80m => AssessmentLevel.ThreeStars,
        >= 70m => AssessmentLevel.Compliant,
        _ => AssessmentLevel.NotCompliant,
    };

    /// <summary>Two decimals, halves away from zero (79.995 is 80.00).</summary>
    public static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private static ItemScore Item(string group, string indicator, IndicatorItem item, ItemResult? result)
    {
        var earned = result?.Finding switch
        {
            ItemFinding.Conforms => item.Points,
            ItemFinding.Sampled when result.Sampled is > 0 => item.Points * (result.Passed ?? 0) / result.Sampled.Value,
            _ => 0m,
        };
        return new ItemScore(item.Code, indicator, group, item.Points, earned, result?.Finding);
    }

    private static List<IndicatorScore> Sum(List<ItemScore> items, Func<ItemScore, string> by, IEnumerable<string> order) =>
        [.. order.Select(code =>
        {
            var counted = items.Where(i => by(i) == code && i.Applicable).ToList();
            return new IndicatorScore(code, counted.Sum(i => i.Points), Round(counted.Sum(i => i.Earned)));
        })];
}

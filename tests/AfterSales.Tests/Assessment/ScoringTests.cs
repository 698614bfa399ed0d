using AfterSales.Assessment;
using AfterSales.Kernel;

namespace AfterSales.Tests.Assessment;

/// <summary>The GB/T 27922-2011 scoring rules on worked examples, worked out by hand in each test.</summary>
public class ScoringTests
{
    private static readonly Staff Assessor = new("u-pj", "评价员");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Two first-level groups: A (a1: q1 10 qualitative, s1 20 sampled; a2: q2 30) and B (b1: q3 15, s2 25).</summary>
    private static IndicatorSet Set() => new(1, "GB/T 27922-2011", new("测试", "Test"), new("非标准分值", "Not the standard's points"),
    [
        new("A", "甲", "A", [
            new("a1", "甲一", "A1", [new("q1", "q1", "q1", 10m, ItemKind.Qualitative), new("s1", "s1", "s1", 20m, ItemKind.Sampled)]),
            new("a2", "甲二", "A2", [new("q2", "q2", "q2", 30m, ItemKind.Qualitative)]),
        ]),
        new("B", "乙", "B", [
            new("b1", "乙一", "B1", [new("q3", "q3", "q3", 15m, ItemKind.Qualitative), new("s2", "s2", "s2", 25m, ItemKind.Sampled)]),
        ]),
    ]);

    private static ItemResult R(string item, ItemFinding finding, int? sampled = null, int? passed = null) =>
        new(item, finding, sampled, passed, finding == ItemFinding.Excluded ? "不适用" : null, null, [], false, Assessor, At);

    private static Adjustment Adj(AdjustmentKind kind, decimal points) => new("a1", kind, points, "原因", null, Assessor, At);

    [Fact]
    public void EverythingConformingScoresOneHundredAndFiveStars()
    {
        var score = Scoring.Of(Set(), [R("q1", ItemFinding.Conforms), R("s1", ItemFinding.Sampled, 10, 10), R("q2", ItemFinding.Conforms),
            R("q3", ItemFinding.Conforms), R("s2", ItemFinding.Sampled, 4, 4)], []);
        Assert.Equal((100m, 100m, 100m, AssessmentLevel.FiveStars), (score.Applicable, score.Earned, score.Total, score.Level));
        Assert.Empty(score.Unassessed);
    }

    [Fact]
    public void AQualitativeNonConformityLosesTheItemsPointsAndSampledItemsLoseInProportion()
    {
        // q1 fails: 0 of 10. s1: 15 of 20 passed → 20 × 15/20 = 15. q2 30. q3 15. s2: 3 of 4 → 25 × 3/4 = 18.75.
        // Earned 0 + 15 + 30 + 15 + 18.75 = 78.75 of 100 → 78.75: compliant.
        var score = Scoring.Of(Set(), [R("q1", ItemFinding.NonConforming), R("s1", ItemFinding.Sampled, 20, 15), R("q2", ItemFinding.Conforms),
            R("q3", ItemFinding.Conforms), R("s2", ItemFinding.Sampled, 4, 3)], []);
        Assert.Equal((78.75m, 78.75m, AssessmentLevel.Compliant), (score.Earned, score.Total, score.Level));
        Assert.Equal([("a1", 30m, 15m), ("a2", 30m, 30m), ("b1", 40m, 33.75m)], score.Indicators.Select(i => (i.Code, i.Applicable, i.Earned)));
        Assert.Equal([("A", 45m), ("B", 33.75m)], score.Groups.Select(g => (g.Code, g.Earned)));
    }

    [Fact]
    public void ExcludedItemsLeaveTheTotal()
    {
        // q2 (30) and s2 (25) excluded: applicable 10 + 20 + 15 = 45. Earned q1 10 + s1 20 × 9/10 = 18 + q3 0 = 28.
        // 28 ÷ 45 × 100 = 62.222… → 62.22: not compliant.
        var score = Scoring.Of(Set(), [R("q1", ItemFinding.Conforms), R("s1", ItemFinding.Sampled, 10, 9), R("q2", ItemFinding.Excluded),
            R("q3", ItemFinding.NonConforming), R("s2", ItemFinding.Excluded)], []);
        Assert.Equal((45m, 28m, 62.22m, AssessmentLevel.NotCompliant), (score.Applicable, score.Earned, score.Total, score.Level));
        Assert.Equal(0m, score.Indicators.Single(i => i.Code == "a2").Applicable);
    }

    [Fact]
    public void DeductionsAndBonusAreTakenFromAndAddedToTheHundredPointScoreAndKeptWithinZeroAndOneHundred()
    {
        var all = new[] { R("q1", ItemFinding.Conforms), R("s1", ItemFinding.Sampled, 10, 10), R("q2", ItemFinding.Conforms), R("q3", ItemFinding.Conforms), R("s2", ItemFinding.NonConforming) };
        // Base 75 (s2's 25 lost); − 6 + 2 = 71: compliant.
        var adjusted = Scoring.Of(Set(), all, [Adj(AdjustmentKind.Deduction, 6m), Adj(AdjustmentKind.Bonus, 2m)]);
        Assert.Equal((75m, 6m, 2m, 71m, AssessmentLevel.Compliant), (adjusted.Base, adjusted.Deductions, adjusted.Bonus, adjusted.Total, adjusted.Level));
        // 75 + 20 + 10 = 105 is kept at 100.
        Assert.Equal(100m, Scoring.Of(Set(), all, [Adj(AdjustmentKind.Bonus, 20m), Adj(AdjustmentKind.Bonus, 10m)]).Total);
        // Deductions stop at 0: q1 alone fails (0 of 10) and 5 more points are deducted.
        Assert.Equal(0m, Scoring.Of(Set(), [R("q1", ItemFinding.NonConforming)], [Adj(AdjustmentKind.Deduction, 5m)]).Total);
    }

    [Fact]
    public void ExactlyEightyIsThreeStarsAnd7999IsCompliant()
    {
        // Only s2 applies (25 points): 80 of 100 passed → 20 of 25 = 80.00 → three stars.
        var onlyS2 = new[] { R("q1", ItemFinding.Excluded), R("s1", ItemFinding.Excluded), R("q2", ItemFinding.Excluded), R("q3", ItemFinding.Excluded) };
        var eighty = Scoring.Of(Set(), [.. onlyS2, R("s2", ItemFinding.Sampled, 100, 80)], []);
        Assert.Equal((80.00m, AssessmentLevel.ThreeStars), (eighty.Total, eighty.Level));
        // 7999 of 10000 → 25 × 0.7999 = 19.9975 of 25 = 79.99 → compliant, not three stars.
        var below = Scoring.Of(Set(), [.. onlyS2, R("s2", ItemFinding.Sampled, 10000, 7999)], []);
        Assert.Equal((79.99m, AssessmentLevel.Compliant), (below.Total, below.Level));
        // Base 75 (s2's 25 lost) with a bonus of 5 is 80.00: three stars; with 4.99 it is 79.99: compliant.
        var all = new[] { R("q1", ItemFinding.Conforms), R("s1", ItemFinding.Sampled, 10, 10), R("q2", ItemFinding.Conforms), R("q3", ItemFinding.Conforms), R("s2", ItemFinding.NonConforming) };
        Assert.Equal(AssessmentLevel.ThreeStars, Scoring.Of(Set(), all, [Adj(AdjustmentKind.Bonus, 5m)]).Level);
        var justBelow = Scoring.Of(Set(), all, [Adj(AdjustmentKind.Bonus, 4.99m)]);
        Assert.Equal((79.99m, AssessmentLevel.Compliant), (justBelow.Total, justBelow.Level));
    }

    [Theory]
    [InlineData("69.99", AssessmentLevel.NotCompliant)]
    [InlineData("70", AssessmentLevel.Compliant)]
    [InlineData("79.99", AssessmentLevel.Compliant)]
    [InlineData("80", AssessmentLevel.ThreeStars)]
    [InlineData("89.99", AssessmentLevel.ThreeStars)]
    [InlineData("90", AssessmentLevel.FourStars)]
    [InlineData("94.99", AssessmentLevel.FourStars)]
    [InlineData("95", AssessmentLevel.FiveStars)]
    public void LevelsFollowTheStandardsThresholds(string score, AssessmentLevel level) =>
        Assert.Equal(level, Scoring.LevelOf(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void UnassessedItemsAreLeftOutAndNamed()
    {
        var score = Scoring.Of(Set(), [R("q1", ItemFinding.Conforms)], []);
        Assert.Equal((10m, 100m), (score.Applicable, score.Total));
        Assert.Equal(["s1", "q2", "q3", "s2"], score.Unassessed);
    }

    [Fact]
    public void TheShippedIndicatorSetHasTheStandardsFifteenIndicatorsAndSaysItsPointsAreDefaults()
    {
        var set = IndicatorSets.Default();
        IndicatorSetRules.Validate(set);
        Assert.Equal(["serviceSystem", "productService", "customerService"], set.Groups.Select(g => g.Code));
        Assert.Equal(["organisation", "staffing", "resources", "rules", "supervision", "improvement", "serviceCulture", "productInformation", "technicalSupport",
            "delivery", "repair", "qualityGuarantee", "recycling", "customerRelations", "complaintHandling"], set.Groups.SelectMany(g => g.Indicators).Select(i => i.Code));
        Assert.Equal(100m, set.TotalPoints);
        Assert.Contains("not the standard's", set.Note.En);
        Assert.Contains("并非标准规定", set.Note.Zh);
    }
}

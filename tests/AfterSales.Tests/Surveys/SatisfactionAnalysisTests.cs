using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.Surveys;

namespace AfterSales.Tests.Surveys;

/// <summary>The satisfaction analysis as arithmetic: every figure here is worked out by hand in the comments.</summary>
public class SatisfactionAnalysisTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static AnswerRecord Answer(string id, string round, string customer, string product, params (string Item, int Score)[] scores) =>
        new(id, round, new SurveyCustomer(null, customer, customer == "乙" ? CustomerGrade.Key : null), product, Department.Technical, null, At,
            scores.ToDictionary(s => s.Item, s => s.Score));

    private static readonly AnswerRecord[] ThisYear =
    [
        Answer("B1", "2026-service", "甲", "CNC-850", ("responseSpeed", 5), ("serviceAttitude", 4), ("technicalSkill", 4), ("productQuality", 3)),
        Answer("B2", "2026-service", "甲", "CNC-850", ("responseSpeed", 3), ("serviceAttitude", 5)),
        Answer("B3", "2026", "乙", "GL-200", ("responseSpeed", 2), ("serviceAttitude", 4), ("technicalSkill", 5), ("productQuality", 1)),
    ];

    private static readonly AnswerRecord[] LastYear =
    [
        Answer("A1", "2025", "甲", "CNC-850", ("responseSpeed", 4), ("serviceAttitude", 5), ("technicalSkill", 3)),
    ];

    [Fact]
    public void ItemAveragesCustomerAverageLowestItemAndLastYearAreAsWorkedOutByHand()
    {
        var report = SatisfactionAnalysis.Compare(ThisYear, LastYear, new(2026, 11, 1), new(2026, 11, 30), new AnswerFilter(), SurveyTemplate.Default);
        var now = report.ThisPeriod;

        Assert.Equal(3, now.Answered);
        // responseSpeed (5+3+2)/3 = 3.33; serviceAttitude (4+5+4)/3 = 4.33; technicalSkill (4+5)/2 = 4.5; productQuality (3+1)/2 = 2.
        Assert.Equal(new[] { ("responseSpeed", 3.33m, 3), ("serviceAttitude", 4.33m, 3), ("technicalSkill", 4.5m, 2), ("productQuality", 2m, 2) },
            now.Items.Select(i => (i.Item, i.Average, i.Ratings)));
        Assert.Equal("productQuality", now.LowestItem!.Item);
        // Answers' means: B1 16/4 = 4, B2 8/2 = 4, B3 12/4 = 3; 甲 (4+4)/2 = 4, 乙 3; customers (4+3)/2 = 3.5.
        Assert.Equal(3.5m, now.CustomerAverage);
        Assert.Equal(new[] { ("乙", 3m, 1), ("甲", 4m, 2) }, now.Customers.Select(c => (c.Name, c.Average, c.Answers)));
        Assert.Equal(1, now.WithLowScore);
        // Rounds: 2026 (B3 alone) and 2026-service (B1, B2).
        Assert.Equal(new[] { "2026", "2026-service" }, now.Rounds.Select(r => r.Round));
        var service = now.Rounds[1];
        // responseSpeed (5+3)/2 = 4; serviceAttitude (4+5)/2 = 4.5; technicalSkill 4; productQuality 3 (lowest); customer 甲 4.
        Assert.Equal(new[] { 4m, 4.5m, 4m, 3m }, service.Items.Select(i => i.Average));
        Assert.Equal(("productQuality", 4m), (service.LowestItem!.Item, service.CustomerAverage!.Value));

        // Last year: A1 alone, customer average 12/3 = 4, lowest technicalSkill 3.
        Assert.Equal((1, 4m, "technicalSkill"), (report.SamePeriodLastYear.Answered, report.SamePeriodLastYear.CustomerAverage!.Value, report.SamePeriodLastYear.LowestItem!.Item));
        Assert.Equal((new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 30)), (report.SamePeriodLastYear.From, report.SamePeriodLastYear.To));
        // Changes: 3.33 − 4 = −0.67, 4.33 − 5 = −0.67, 4.5 − 3 = 1.5, productQuality not rated last year; customers 3.5 − 4 = −0.5.
        Assert.Equal(new decimal?[] { -0.67m, -0.67m, 1.5m, null, null, null }, report.Comparison.Select(c => c.Change));
        Assert.Equal(-0.5m, report.CustomerAverageChange);
    }

    [Fact]
    public void FiltersKeepOnlyTheProductOrGradeAskedFor()
    {
        var byProduct = SatisfactionAnalysis.Compare(ThisYear, LastYear, new(2026, 11, 1), new(2026, 11, 30), new AnswerFilter(Product: "gl-200"), SurveyTemplate.Default);
        Assert.Equal((1, 3m), (byProduct.ThisPeriod.Answered, byProduct.ThisPeriod.CustomerAverage!.Value));
        Assert.Equal(0, byProduct.SamePeriodLastYear.Answered);
        Assert.Null(byProduct.CustomerAverageChange);

        var keyCustomers = SatisfactionAnalysis.Compare(ThisYear, LastYear, new(2026, 11, 1), new(2026, 11, 30), new AnswerFilter(Grade: CustomerGrade.Key), SurveyTemplate.Default);
        Assert.Equal(new[] { "B3" }, new[] { keyCustomers.ThisPeriod.Customers.Single().Name == "乙" ? "B3" : "?" });
        Assert.Equal("productQuality", keyCustomers.ThisPeriod.LowestItem!.Item);
    }

    [Fact]
    public void ATieForLowestGoesToTheFirstItemOfTheForm()
    {
        var figures = SatisfactionAnalysis.Figures("r", [Answer("X", "r", "丙", "P", ("serviceAttitude", 3), ("responseSpeed", 3))], SurveyTemplate.Default);

        Assert.Equal("responseSpeed", figures.LowestItem!.Item);
    }
}

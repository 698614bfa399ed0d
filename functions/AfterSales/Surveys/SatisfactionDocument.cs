using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Reports;

namespace AfterSales.Surveys;

/// <summary>The satisfaction analysis (满意度分析) as a document to print or open in Excel, written like the supervision reports.</summary>
public static class SatisfactionDocument
{
    public static readonly DisplayName Title = new("顾客满意度分析", "Customer satisfaction analysis");

    public static ReportDocument Of(SatisfactionReport r)
    {
        var (now, before) = (r.ThisPeriod, r.SamePeriodLastYear);
        return new(Title, $"{Day(now.From)} – {Day(now.To)}",
        [
            (new("部门", "Department"), r.Filter.Department is { } d ? $"{d.Name().Zh} / {d.Name().En}" : "全部 / all"),
            (new("产品", "Product"), r.Filter.Product ?? "全部 / all"),
            (new("顾客等级", "Customer grade"), r.Filter.Grade is { } g ? Customers.DisplayNames.Name(g).En : "全部 / all"),
            (new("对比期", "Compared with"), $"{Day(before.From)} – {Day(before.To)}"),
        ],
        [
            new(new("总体", "Overall"),
            [
                new([new("指标", "Figure"), new("本期", "This period"), new("去年同期", "Same period last year")],
                [
                    Row("答卷数 / Responses", N(now.Answered), N(before.Answered)),
                    Row("顾客平均分 / Customer average", D(now.CustomerAverage), D(before.CustomerAverage)),
                    Row("最低项 / Lowest-rated item", Item(now.LowestItem), Item(before.LowestItem)),
                    Row("有最低分的答卷 / With a bottom score", N(now.WithLowScore), N(before.WithLowScore)),
                ]),
            ], Note: "Customer average: each customer's answers averaged first, then the customers."),
            new(new("各项平均分", "Average of each item"),
            [
                new([new("项目", "Item"), new("本期", "This period"), new("去年同期", "Same period last year"), new("变化", "Change")],
                    [.. r.Comparison.Select(c => Row($"{c.Zh} / {c.En}", D(c.ThisPeriod), D(c.LastYear), Signed(c.Change)))]),
            ],
            [
                new("items", "Average of each item", [.. r.Comparison.Select(c => c.Item)],
                [
                    new("This period", [.. r.Comparison.Select(c => (double?)c.ThisPeriod)], SeriesStyle.Bars),
                    new("Last year", [.. r.Comparison.Select(c => (double?)c.LastYear)], SeriesStyle.Bars),
                ], "Score"),
            ]),
            new(new("各轮调查", "Rounds"),
            [
                new([new("轮次", "Round"), new("答卷数", "Responses"), new("顾客平均分", "Customer average"), new("最低项", "Lowest-rated item")],
                    [.. now.Rounds.Select(x => Row(x.Round, N(x.Answered), D(x.CustomerAverage), Item(x.LowestItem)))]),
            ]),
            new(new("各顾客平均分", "Average by customer"),
            [
                new([new("顾客", "Customer"), new("平均分", "Average"), new("答卷数", "Responses")],
                    [.. now.Customers.Select(x => Row(x.Name, D(x.Average), N(x.Answers)))]),
            ], Note: "Lowest first: the customers to call back."),
        ]);
    }

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string D(decimal? d) => d?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";

    private static string Signed(decimal? d) => d?.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) ?? "—";

    private static string Item(ItemAverage? i) => i is null ? "—" : $"{i.Zh} / {i.En} ({D(i.Average)})";
}

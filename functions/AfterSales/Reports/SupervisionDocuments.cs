using System.Globalization;
using AfterSales.Complaints;
using AfterSales.Kernel;

namespace AfterSales.Reports;

/// <summary>The monthly supervision report and the semi-annual statistics as documents to print or open in Excel.</summary>
public static class SupervisionDocuments
{
    public static readonly DisplayName MonthlyTitle = new("服务监督报告", "Monthly service supervision report");
    public static readonly DisplayName SemiAnnualTitle = new("售后服务半年度统计", "Semi-annual after-sales statistics");

    public static ReportDocument Monthly(MonthlyReport r) => new(MonthlyTitle, ReportPeriod.Display(r.Month), Facts(r.Filter, r.AsOf, r.ProducedAt, r.Final),
        [.. ComplaintSections(r.Complaints, charts: true), Satisfaction(r.Satisfaction)]);

    public static ReportDocument SemiAnnual(SemiAnnualReport r) => new(SemiAnnualTitle, new ReportPeriod(r.From, r.To).Label, Facts(r.Filter, r.AsOf, r.ProducedAt, r.Final),
    [
        .. ComplaintSections(r.Complaints, charts: false),
        Pareto("products", new("问题产品排列图", "Top problem products (Pareto)"), new("产品", "Product"), r.Products),
        Pareto("parts", new("问题零件排列图", "Top problem parts (Pareto)"), new("料号", "Part number"), r.Parts),
        new(new("重复投诉", "Repeat complaints"),
        [
            new([new("顾客", "Customer"), new("投诉数", "Complaints"), new("客诉编号", "Numbers")],
                [.. r.RepeatCustomers.Select(x => Row(x.Customer, N(x.Complaints), string.Join(' ', x.Numbers)))]),
            new([new("顾客", "Customer"), new("产品", "Product"), new("投诉数", "Complaints"), new("客诉编号", "Numbers")],
                [.. r.RepeatCustomerProducts.Select(x => Row(x.Customer, x.Product ?? "", N(x.Complaints), string.Join(' ', x.Numbers)))]),
        ], Note: "Customers (and customer-product pairs) with two complaints or more in the period."),
        new(new("纠正和预防措施", "Corrective and preventive action (CAPA)"),
        [
            Table2([(new("本期开立", "Opened in the period"), N(r.Capas.Opened)), (new("已关闭", "Closed"), N(r.Capas.Closed)),
                (new("验证有效", "Verified effective"), N(r.Capas.VerifiedEffective)), (new("验证无效", "Verified not effective"), N(r.Capas.VerifiedNotEffective))]),
        ]),
        new(new("退换货", "Returns and exchanges"),
        [
            Table2([(new("退换货单", "Orders"), N(r.Returns.Orders)), (new("退货", "Returns"), N(r.Returns.Returns)), (new("换货", "Exchanges"), N(r.Returns.Exchanges)),
                (new("已取消", "Cancelled"), N(r.Returns.Cancelled)), (new("退回数量", "Units returned"), N(r.Returns.UnitsReturned)),
                (new("不良数量", "Units defective"), N(r.Returns.UnitsDefective)),
                .. r.Returns.RefundsPaid.Select(m => (new DisplayName($"退款 {m.Currency}", $"Refunds paid, {m.Currency}"), m.Amount.ToString("0.00", CultureInfo.InvariantCulture)))]),
        ], Note: "Cost counts the refunds paid; cancelled orders are left out of the volume."),
        new(new("近12个月趋势", "Trend over the last 12 months"),
        [
            new([new("月份", "Month"), new("受理投诉", "Complaints received"), new("到场及时率 %", "Arrival on time %"), new("解决时间中位数 (小时)", "Median hours to resolve")],
                [.. r.Trend.Select(t => Row(t.Month, N(t.Received), P(t.ArrivalOnTimePercent), H(t.MedianResolutionHours)))]),
        ],
        [
            new("trend", "Complaints per month and arrival on time (last 12 months)", [.. r.Trend.Select(t => t.Month)],
            [
                new("Complaints", [.. r.Trend.Select(t => (double?)t.Received)], SeriesStyle.Bars),
                new("Arrival on time %", [.. r.Trend.Select(t => (double?)t.ArrivalOnTimePercent)], SeriesStyle.PercentLine),
            ], "Complaints"),
        ]),
        Satisfaction(r.Satisfaction),
    ]);

    private static IReadOnlyList<(DisplayName, string)> Facts(FilterView f, DateTimeOffset asOf, DateTimeOffset producedAt, bool final) =>
    [
        (new("部门", "Department"), f.Department is { } d && Departments.TryParse(d, out var dep) ? $"{dep.Name().Zh} ({d})" : "全部 / all"),
        (new("产品", "Product"), f.Product ?? "全部 / all"),
        (new("顾客等级", "Customer grade"), f.Grade is { } g ? Word("customerGrades", g) : "全部 / all"),
        (new("统计截至", "Figures as of"), asOf.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        (new("生成时间", "Produced"), producedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        (new("状态", "Status"), final ? "期末定稿 / final (period closed)" : "期中 / provisional (period still running)"),
    ];

    private static IEnumerable<ReportSection> ComplaintSections(ComplaintFigures c, bool charts)
    {
        yield return new(new("投诉受理", "Complaints received"),
        [
            Table2([(new("受理总数", "Received"), N(c.Received))]),
            Breakdown(new("渠道", "Channel"), c.ByChannel, "channels"),
            Breakdown(new("处理路径", "Handling path"), c.ByPath, "handlingPaths"),
            Breakdown(new("部门", "Department"), c.ByDepartment, null),
        ],
        charts
            ? [
                new("channels", "Complaints by channel", [.. c.ByChannel.Select(x => x.Code)], [new("Complaints", [.. c.ByChannel.Select(x => (double?)x.Count)], SeriesStyle.Bars)], "Complaints"),
                new("paths", "Complaints by handling path", [.. c.ByPath.Select(x => x.Code)], [new("Complaints", [.. c.ByPath.Select(x => (double?)x.Count)], SeriesStyle.Bars)], "Complaints"),
            ]
            : null,
            "A complaint counts under every department its steps went to.");
        yield return new(new("服务承诺与时效", "The service promise and response times"),
        [
            Table2([
                (new("到场承诺到期", "Arrival promises due"), N(c.Arrival.Due)),
                (new("按时到场", "Arrived on time"), N(c.Arrival.Met)),
                (new("超时到场", "Arrived late or not yet"), N(c.Arrival.Missed)),
                (new("到场及时率 %", "Arrival on time %"), P(c.Arrival.OnTimePercent)),
            ]),
            new([new("时效", "Time"), new("件数", "Complaints"), new("中位数 (小时)", "Median hours"), new("90百分位 (小时)", "90th percentile hours")],
            [
                Row("首次响应 / first response", N(c.FirstResponse.Count), H(c.FirstResponse.MedianHours), H(c.FirstResponse.P90Hours)),
                Row("解决 / resolution", N(c.Resolution.Count), H(c.Resolution.MedianHours), H(c.Resolution.P90Hours)),
            ]),
        ], Note: "Hours from the customer's call, with the time steps were paused (waiting on the customer or on parts) left out.");
        yield return new(new("逾期、升级与闭环", "Overdue, escalated and closed loop"),
        [
            Table2([
                (new("逾期步骤", "Overdue steps"), N(c.OverdueSteps)),
                (new("升级步骤", "Escalated steps"), N(c.EscalatedSteps)),
                (new("已解决", "Resolved"), N(c.Resolved)),
                (new("首次接触解决", "First-contact resolutions"), N(c.FirstContactResolved)),
                (new("首次接触解决率 %", "First-contact resolution %"), P(c.FirstContactPercent)),
                (new("重新打开", "Reopened"), N(c.Reopened)),
            ]),
        ], Note: "First-contact resolution: resolved remotely (not a quality problem, or solved without a visit) and never reopened.");
    }

    private static ReportSection Satisfaction(SatisfactionFigures s) => new(new("本期顾客满意度", "Satisfaction of the period"),
        s.HasData
            ? [Table2([(new("答卷数", "Responses"), N(s.Responses)), (new("平均分", "Average score"), s.Average?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"),
                (new("满分", "Scale"), s.ScaleMax?.ToString("0", CultureInfo.InvariantCulture) ?? "—"), (new("最低项", "Lowest-rated item"), s.LowestItem ?? "—")])]
            : [],
        Note: s.Note);

    private static ReportSection Pareto(string key, DisplayName title, DisplayName what, IReadOnlyList<ParetoRow> rows) => new(title,
        [
            new([new("序号", "Rank"), what, new("投诉数", "Complaints"), new("占比 %", "Share %"), new("累计 %", "Cumulative %")],
                [.. rows.Select((x, i) => Row(N(i + 1), x.Name, N(x.Complaints), P(x.Percent), P(x.CumulativePercent)))]),
        ],
        [
            new(key, title.En, [.. rows.Select((_, i) => N(i + 1))],
            [
                new("Complaints", [.. rows.Select(x => (double?)x.Complaints)], SeriesStyle.Bars),
                new("Cumulative %", [.. rows.Select(x => (double?)x.CumulativePercent)], SeriesStyle.PercentLine),
            ], "Complaints"),
        ], "The chart's bars are numbered by the rank in the table.");

    private static ReportTable Breakdown(DisplayName what, IReadOnlyList<CountOf> counts, string? vocabulary) =>
        new([what, new("投诉数", "Complaints")], [.. counts.Select(x => Row(vocabulary is null ? DepartmentWord(x.Code) : Word(vocabulary, x.Code), N(x.Count)))]);

    private static ReportTable Table2(IEnumerable<(DisplayName Label, string Value)> rows) =>
        new([new("指标", "Figure"), new("数值", "Value")], [.. rows.Select(r => Row($"{r.Label.Zh} / {r.Label.En}", r.Value))]);

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string P(decimal? p) => p?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—";

    private static string H(decimal? h) => h?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";

    private static string DepartmentWord(string code) => Departments.TryParse(code, out var d) ? $"{d.Name().Zh} / {d.Name().En}" : code;

    /// <summary>A code's words from the vocabulary the features publish (the code itself when it has none, e.g. "untriaged").</summary>
    private static string Word(string list, string code) =>
        Words.TryGetValue((list, code), out var t) ? $"{t.Zh} / {t.En}" : code == ComplaintFigureRules.Untriaged ? "未分析 / not analysed yet" : code;

    private static readonly Dictionary<(string, string), Term> Words = ComplaintVocabulary.Lists.Concat([VocabularyList.Of<Customers.CustomerGrade>("customerGrades", g => Customers.DisplayNames.Name(g))])
        .SelectMany(l => l.Terms.Select(t => (Key: (l.Name, t.Code), t))).ToDictionary(x => x.Key, x => x.t);
}

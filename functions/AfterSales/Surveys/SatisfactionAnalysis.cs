using AfterSales.Customers;
using AfterSales.Kernel;

namespace AfterSales.Surveys;

/// <summary>One answered survey as the analysis reads it (a row of the answer index).</summary>
public sealed record AnswerRecord(string SurveyId, string Round, SurveyCustomer Customer, string? Product, Department? Department,
    string? ComplaintNumber, DateTimeOffset AnsweredAt, IReadOnlyDictionary<string, int> Scores)
{
    /// <summary>Who the customer is for averaging: their card, or their name when they have none.</summary>
    public string CustomerKey => Customer.Id ?? "name:" + Customer.Name;
}

/// <summary>Which answers a report counts; null counts all.</summary>
public sealed record AnswerFilter(Department? Department = null, string? Product = null, CustomerGrade? Grade = null)
{
    public bool Keeps(AnswerRecord a) =>
        (Department is null || a.Department == Department)
        && (Product is null || string.Equals(a.Product, Product, StringComparison.OrdinalIgnoreCase))
        && (Grade is null || a.Customer.Grade == Grade);
}

public sealed record ItemAverage(string Item, string Zh, string En, decimal Average, int Ratings);

public sealed record CustomerAverage(string Customer, string Name, decimal Average, int Answers);

/// <summary>A round's figures: the average of every item, the customer average, the lowest-rated item.</summary>
public sealed record RoundFigures(string Round, int Answered, IReadOnlyList<ItemAverage> Items, decimal? CustomerAverage, ItemAverage? LowestItem, int WithLowScore);

/// <summary>A period's figures: all its answers together, by customer, and round by round.</summary>
public sealed record PeriodFigures(DateOnly From, DateOnly To, int Answered, IReadOnlyList<ItemAverage> Items, decimal? CustomerAverage, ItemAverage? LowestItem,
    int WithLowScore, IReadOnlyList<CustomerAverage> Customers, IReadOnlyList<RoundFigures> Rounds);

/// <summary>An item this period against the same period last year (<see cref="Change"/>: this minus last year).</summary>
public sealed record ItemComparison(string Item, string Zh, string En, decimal? ThisPeriod, decimal? LastYear, decimal? Change);

/// <summary>The satisfaction analysis (满意度分析) of a period, compared with the same period a year before.</summary>
public sealed record SatisfactionReport(AnswerFilter Filter, PeriodFigures ThisPeriod, PeriodFigures SamePeriodLastYear,
    IReadOnlyList<ItemComparison> Comparison, decimal? CustomerAverageChange);

/// <summary>
/// The satisfaction analysis the documents prescribe, as plain arithmetic over answers: for every
/// round the average of each item (over the answers that rated it), the customer average (each
/// answer's mean over its items; a customer's answers averaged first, then the customers), and
/// the lowest-rated item (the first in template order on a tie). Figures are rounded to two
/// decimals (half away from zero) only when shown.
/// </summary>
public static class SatisfactionAnalysis
{
    public static SatisfactionReport Compare(IEnumerable<AnswerRecord> thisPeriod, IEnumerable<AnswerRecord> lastYear, DateOnly from, DateOnly to,
        AnswerFilter filter, SurveyTemplate template)
    {
        var now = Period(thisPeriod.Where(filter.Keeps).ToList(), from, to, template);
        var before = Period(lastYear.Where(filter.Keeps).ToList(), from.AddYears(-1), to.AddYears(-1), template);
        var comparison = template.Items.Select(i =>
        {
            var a = now.Items.FirstOrDefault(x => x.Item == i.Code)?.Average;
            var b = before.Items.FirstOrDefault(x => x.Item == i.Code)?.Average;
            return new ItemComparison(i.Code, i.Zh, i.En, a, b, a is not null && b is not null ? a - b : null);
        }).ToList();
        var change = now.CustomerAverage is { } x && before.CustomerAverage is { } y ? x - y : (decimal?)null;
        return new(filter, now, before, comparison, change);
    }

    public static PeriodFigures Period(IReadOnlyList<AnswerRecord> answers, DateOnly from, DateOnly to, SurveyTemplate template)
    {
        var all = Figures("all", answers, template);
        var customers = answers.GroupBy(a => a.CustomerKey)
            .Select(g => new CustomerAverage(g.Key, g.First().Customer.Name, Round(g.Average(AnswerMean)), g.Count()))
            .OrderBy(c => c.Average).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var rounds = answers.GroupBy(a => a.Round).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Figures(g.Key, [.. g], template)).ToList();
        return new(from, to, answers.Count, all.Items, all.CustomerAverage, all.LowestItem, all.WithLowScore, customers, rounds);
    }

    public static RoundFigures Figures(string round, IReadOnlyList<AnswerRecord> answers, SurveyTemplate template)
    {
        var items = template.Items
            .Select(i => (Item: i, Ratings: answers.Where(a => a.Scores.ContainsKey(i.Code)).Select(a => a.Scores[i.Code]).ToList()))
            .Where(x => x.Ratings.Count > 0)
            .Select(x => new ItemAverage(x.Item.Code, x.Item.Zh, x.Item.En, Round((decimal)x.Ratings.Sum() / x.Ratings.Count), x.Ratings.Count))
            .ToList();
        // Unrounded averages decide the lowest item, so rounding never picks the wrong one.
        var lowest = template.Items
            .Select(i => (Item: i, Ratings: answers.Where(a => a.Scores.ContainsKey(i.Code)).Select(a => a.Scores[i.Code]).ToList()))
            .Where(x => x.Ratings.Count > 0)
            .Select((x, order) => (x.Item.Code, Average: (decimal)x.Ratings.Sum() / x.Ratings.Count, order))
            .OrderBy(x => x.Average).ThenBy(x => x.order).Select(x => x.Code).FirstOrDefault();
        return new(round, answers.Count, items, CustomerAverageOf(answers), items.FirstOrDefault(i => i.Item == lowest),
            answers.Count(a => a.Scores.Values.Any(v => v == template.Scale.Min)));
    }

    /// <summary>Each customer's mean (over their answers' means), then the mean over customers; null without answers.</summary>
    public static decimal? CustomerAverageOf(IReadOnlyList<AnswerRecord> answers) =>
        answers.Count == 0 ? null : Round(answers.GroupBy(a => a.CustomerKey).Average(g => g.Average(AnswerMean)));

    private static decimal AnswerMean(AnswerRecord a) => (decimal)a.Scores.Values.Sum() / a.Scores.Count;

    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

using System.Globalization;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Reports;
using Microsoft.Extensions.Options;

namespace AfterSales.Surveys;

/// <summary>
/// The satisfaction the supervision reports show: the surveys answered in the report's months
/// (the service's calendar months; one query of the answer index a month), narrowed by the
/// report's filter, as the satisfaction analysis counts them (the customer average, the lowest item).
/// </summary>
public sealed class SurveySatisfactionFigures(SurveyAnswers answers, IOptions<ServiceOptions> service) : ISatisfactionFigures
{
    public async Task<SatisfactionFigures> ForPeriodAsync(ReportPeriod period, ReportFilter filter, CancellationToken ct)
    {
        var zone = service.Value.Zone();
        var read = await answers.ForPeriodAsync(ReportPeriod.StartOf(period.From, zone), ReportPeriod.EndOf(period.To, zone), ct);
        return Figures(read, new AnswerFilter(filter.Department, filter.Product, filter.Grade), SurveyTemplate.Default);
    }

    public static SatisfactionFigures Figures(IEnumerable<AnswerRecord> answers, AnswerFilter filter, SurveyTemplate template)
    {
        var kept = answers.Where(filter.Keeps).ToList();
        if (kept.Count == 0)
        {
            return new(false, "No satisfaction survey was answered in the period. / 本期无顾客满意度调查答卷。");
        }
        var figures = SatisfactionAnalysis.Figures("all", kept, template);
        var lowest = figures.LowestItem is { } i ? $"{i.Zh} / {i.En} ({i.Average.ToString("0.00", CultureInfo.InvariantCulture)})" : null;
        return new(true, $"Customer average of {kept.Count} answered surveys (each customer counted once), on a {template.Scale.Min}–{template.Scale.Max} scale; "
            + $"{figures.WithLowScore} rated an item at the bottom of the scale. / 顾客平均分 (每位顾客计一次), 评分 {template.Scale.Min}–{template.Scale.Max}; {figures.WithLowScore} 份有最低分项。",
            kept.Count, figures.CustomerAverage, template.Scale.Max, lowest);
    }
}

namespace AfterSales.Reports;

/// <summary>
/// The satisfaction of a period as the supervision reports show it: the average score of the
/// surveys answered in the period (on the template's scale), how many answered, and the
/// lowest-rated item. <see cref="HasData"/> false (with <see cref="Note"/> saying why) when there is none.
/// </summary>
public sealed record SatisfactionFigures(bool HasData, string Note, int Responses = 0, decimal? Average = null, decimal? ScaleMax = null, string? LowestItem = null)
{
    public static readonly SatisfactionFigures NoSurveyData =
        new(false, "No survey data: satisfaction surveys are not connected to the reports yet. / 暂无满意度调查数据。");
}

/// <summary>
/// The seam between the reports and the satisfaction surveys (顾客满意度调查): the surveys feature
/// registers its own implementation (replacing <see cref="NoSatisfactionFigures"/>) and the
/// monthly and semi-annual reports show what it answers, for the same period and filter.
/// </summary>
public interface ISatisfactionFigures
{
    Task<SatisfactionFigures> ForPeriodAsync(ReportPeriod period, ReportFilter filter, CancellationToken ct);
}

/// <summary>The default until the surveys are wired in: no survey data.</summary>
public sealed class NoSatisfactionFigures : ISatisfactionFigures
{
    public Task<SatisfactionFigures> ForPeriodAsync(ReportPeriod period, ReportFilter filter, CancellationToken ct) =>
        Task.FromResult(SatisfactionFigures.NoSurveyData);
}

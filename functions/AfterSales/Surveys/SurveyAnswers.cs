using System.Globalization;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Surveys;

/// <summary>
/// The answered surveys by the month they were answered (UTC): one partition a month, one row per
/// survey holding what the analysis reads. Kept by <see cref="IndexSurveyAnswer"/>; the reports
/// read a period through <see cref="ForPeriodAsync"/> without touching the surveys themselves.
/// </summary>
public sealed class SurveyAnswers(StorageAccount storage)
{
    public const string Table = "SurveyAnswers";

    private TableClient Rows => storage.Table(Table);

    /// <summary>
    /// Every survey answered from <paramref name="from"/> (included) to <paramref name="to"/>
    /// (excluded): one query per month of the period. The monthly report's "satisfaction of the
    /// month" and the satisfaction analysis both read this.
    /// </summary>
    public async Task<IReadOnlyList<AnswerRecord>> ForPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var found = new List<AnswerRecord>();
        for (var month = new DateTime(from.UtcDateTime.Year, from.UtcDateTime.Month, 1); month < to.UtcDateTime; month = month.AddMonths(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {month.ToString("yyyyMM", CultureInfo.InvariantCulture)} and AnsweredAt ge {from} and AnsweredAt lt {to}");
            await foreach (var row in Rows.QueryAsync<TableEntity>(filter, select: ["Answer"], cancellationToken: ct))
            {
                found.Add(Json.Deserialize<AnswerRecord>(row.GetString("Answer")));
            }
        }
        return found;
    }

    /// <summary>Writes (or rewrites) the survey's row; the same answer written twice is one row.</summary>
    public async Task ProjectAsync(Survey s, CancellationToken ct)
    {
        if (s.Answer is not { } answer)
        {
            return;
        }
        var record = new AnswerRecord(s.Id, s.Round, s.Customer, s.Product, s.Department, s.ComplaintNumber, answer.At, answer.Scores);
        await Rows.UpsertEntityAsync(new TableEntity(answer.At.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture), s.Id)
        {
            ["AnsweredAt"] = answer.At,
            ["Answer"] = Json.Serialize(record),
        }, TableUpdateMode.Replace, ct);
    }
}

/// <summary>Change-feed subscriber: an answered survey gets its row in <see cref="SurveyAnswers"/>.</summary>
public sealed class IndexSurveyAnswer(RecordStore<Survey> surveys, SurveyAnswers answers) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await surveys.GetAsync(e.RecordId, ct) is { Record: var s })
        {
            await answers.ProjectAsync(s, ct);
        }
    }
}

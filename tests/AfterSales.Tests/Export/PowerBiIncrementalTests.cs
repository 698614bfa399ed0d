using AfterSales.Complaints;
using AfterSales.PowerBi;
using AfterSales.Surveys;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Export;

/// <summary>
/// The export after new events: only the months they touch are written again (the others keep
/// their files untouched), and the new rows are there, each once; a survey answered later adds its
/// rows to the month it was answered and leaves the earlier answers as they were.
/// </summary>
public class PowerBiIncrementalTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _admin = app.CreateClient("u-admin", "系统管理员", AfterSales.Kernel.Roles.Admin);
    private readonly HttpClient _technician = app.CreateClient("t-zhao", "赵师傅", AfterSales.Kernel.Roles.Technician);
    private readonly ExportSource _source = new(app);

    [Fact]
    public async Task ANewMonthsEventsRewriteOnlyTheMonthsTheyTouch()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var answered = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "一月甲方"))).RoutedAsync();
        await answered.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });
        var waiting = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "一月乙方"))).RoutedAsync();
        var januarySurvey = await AnsweredOnSiteAsync(answered.Number, new { responseSpeed = 4, serviceAttitude = 5 });
        await _source.FeedCaughtUpAsync();
        // An hour on, so January's events are behind the next run's safety lag.
        app.Clock.Advance(TimeSpan.FromHours(1));
        var (_, january) = await ExportSource.RunAsync(_admin);
        Assert.Equal(["202701"], january.Tables.Single(t => t.Name == "complaints").Files.Select(f => f.Month));
        var januaryFile = PowerBiExport.PathOf(StarSchema.Complaints, "complaints-202701", "parquet");
        var januaryTag = (await _source.Exports.GetBlobClient(januaryFile).GetPropertiesAsync()).Value.ETag;

        // March: a new complaint. Only March's files are written; January's stay as they were.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 5, 9, 0, 0, TimeSpan.FromHours(8)));
        var march = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "三月丙方"))).RoutedAsync();
        await _source.FeedCaughtUpAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = await ExportSource.RunAsync(_admin);
        Assert.Equal(january.Watermark - PowerBiExport.SafetyLag, second.Since);
        Assert.Equal(1, second.RecordsTouched);
        Assert.Contains("powerbi/complaints/complaints-202703.parquet", second.Rewritten);
        Assert.Contains("powerbi/events/events-202703.parquet", second.Rewritten);
        Assert.DoesNotContain(second.Rewritten, f => f.Contains("202701", StringComparison.Ordinal));
        Assert.Equal(januaryTag, (await _source.Exports.GetBlobClient(januaryFile).GetPropertiesAsync()).Value.ETag);
        Assert.Equal(["202701", "202703"], second.Tables.Single(t => t.Name == "complaints").Files.Select(f => f.Month));
        Assert.Equal(3, second.RowCounts["complaints"]);
        Assert.Equal([march.Number], (await ExportReader.ParquetRowsAsync(_source.Exports, "powerbi/complaints/complaints-202703.parquet")).Select(r => r["ComplaintNumber"]?.ToString()));

        // A January complaint answered in March: January's complaint row changes in place (its step opened in January closes),
        // the new step is March's; the other January row stays, and nothing is there twice.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await waiting.DoAsync("triage", new { path = "notQualityProblem", analysis = "参数设置" });
        await _source.FeedCaughtUpAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, third) = await ExportSource.RunAsync(_admin);
        Assert.Contains(januaryFile, third.Rewritten);
        Assert.Contains("powerbi/steps/steps-202701.parquet", third.Rewritten);
        Assert.Contains("powerbi/steps/steps-202703.parquet", third.Rewritten);
        var rows = ExportReader.InOrder(StarSchema.Complaints, await ExportReader.ParquetRowsAsync(_source.Exports, januaryFile));
        Assert.Equal([answered.Number, waiting.Number], rows.Select(r => r[0]));
        Assert.Equal("notQualityProblem", ExportSource.Cell(StarSchema.Complaints, rows[1], "PathCode"));
        Assert.Equal(3, third.RowCounts["complaints"]);
        var complaints = await _source.RecordsAsync<Complaint>();
        Assert.Equal(complaints.Sum(c => c.Steps.Count), third.RowCounts["steps"]);
        Assert.Equal((await _source.HistoriesAsync()).Count, third.RowCounts["events"]);
        Assert.Equal(2, third.RowCounts["surveyAnswers"]);

        // Still March: a new answer. Its rows go to March's survey-answers file, each once; January's answer keeps its file and rows.
        var answersJanuary = PowerBiExport.PathOf(StarSchema.SurveyAnswers, "surveyAnswers-202701", "parquet");
        var answersJanuaryTag = (await _source.Exports.GetBlobClient(answersJanuary).GetPropertiesAsync()).Value.ETag;
        var januaryAnswerRows = await _source.ParquetRowsAsync(third, StarSchema.SurveyAnswers);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var marchSurvey = await AnsweredOnSiteAsync(waiting.Number, new { responseSpeed = 3, technicalSkill = 4, problemSolved = 5 });
        await _source.FeedCaughtUpAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, fourth) = await ExportSource.RunAsync(_admin);
        Assert.Contains("powerbi/surveyAnswers/surveyAnswers-202703.parquet", fourth.Rewritten);
        Assert.DoesNotContain(fourth.Rewritten, f => f.Contains("202701", StringComparison.Ordinal));
        Assert.Equal(answersJanuaryTag, (await _source.Exports.GetBlobClient(answersJanuary).GetPropertiesAsync()).Value.ETag);
        Assert.Equal(["202701", "202703"], fourth.Tables.Single(t => t.Name == "surveyAnswers").Files.Select(f => f.Month));
        var answerRows = await _source.ParquetRowsAsync(fourth, StarSchema.SurveyAnswers);
        Assert.Equal(januaryAnswerRows.Select(r => string.Join('|', r)), answerRows.Take(2).Select(r => string.Join('|', r)));
        Assert.Equal([$"{januarySurvey}|responseSpeed", $"{januarySurvey}|serviceAttitude", $"{marchSurvey}|problemSolved", $"{marchSurvey}|responseSpeed", $"{marchSurvey}|technicalSkill"],
            answerRows.Select(r => $"{r[0]}|{r[1]}"));
        Assert.All(answerRows.Skip(2), r => Assert.Equal((waiting.Number, 20270305L, 3L, 4m), ((string?)Answer(r, "ComplaintNumber"), (long?)Answer(r, "AnsweredDateKey"), (long?)Answer(r, "ItemsRated"), (decimal?)Answer(r, "AnswerAverage"))));
        Assert.Equal(5, fourth.RowCounts["surveyAnswers"]);
        Assert.Equal((await _source.HistoriesAsync()).Count, fourth.RowCounts["events"]);

        // Run again with nothing new: the same rows, nothing twice.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, fifth) = await ExportSource.RunAsync(_admin);
        Assert.Equal(fourth.RowCounts, fifth.RowCounts);
        Assert.Equal(answerRows.Select(r => string.Join('|', r)), (await _source.ParquetRowsAsync(fifth, StarSchema.SurveyAnswers)).Select(r => string.Join('|', r)));
    }

    /// <summary>The technician makes the complaint's survey on site and the customer rates the items given; answers the survey's id.</summary>
    private async Task<string> AnsweredOnSiteAsync(string complaintNumber, object scores)
    {
        var made = await _technician.PostJsonAsync("/api/surveys", new { complaintNumber });
        Assert.Equal(System.Net.HttpStatusCode.Created, made.StatusCode);
        var id = (await made.ReadJsonAsync())["survey"]!["id"]!.GetValue<string>();
        using var answer = new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{id}/answer") { Content = System.Net.Http.Json.JsonContent.Create(new { scores }) };
        answer.Headers.TryAddWithoutValidation("If-Match", made.Headers.ETag!.Tag);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _technician.SendAsync(answer)).StatusCode);
        Assert.Equal(SurveyIds.From("complaint|" + complaintNumber), id);
        return id;
    }

    private static object? Answer(object?[] row, string column) => ExportSource.Cell(StarSchema.SurveyAnswers, row, column);
}

using AfterSales.Complaints;
using AfterSales.PowerBi;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Export;

/// <summary>
/// The export after new events: only the months they touch are written again (the others keep
/// their files untouched), and the new rows are there, each once.
/// </summary>
public class PowerBiIncrementalTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _admin = app.CreateClient("u-admin", "系统管理员", AfterSales.Kernel.Roles.Admin);
    private readonly ExportSource _source = new(app);

    [Fact]
    public async Task ANewMonthsEventsRewriteOnlyTheMonthsTheyTouch()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var answered = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "一月甲方"))).RoutedAsync();
        await answered.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });
        var waiting = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "一月乙方"))).RoutedAsync();
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
    }
}

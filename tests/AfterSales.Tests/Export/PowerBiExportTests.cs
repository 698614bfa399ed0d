using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.FieldService;
using AfterSales.Kernel;
using AfterSales.PowerBi;
using AfterSales.Returns;
using AfterSales.Surveys;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using AfterSales.WorkItems;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Export;

/// <summary>
/// The Power BI export on Azurite with a fixed clock: January and February 2027 (Beijing time)
/// seeded through the API, exported, read back from the Parquet files with Parquet.Net and checked
/// against the records row by row; run again, it gives the same rows.
/// </summary>
public class PowerBiExportTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _admin = app.CreateClient("u-admin", "系统管理员", Roles.Admin);
    private readonly HttpClient _procurement = app.CreateClient("u-proc", "采购员小周", Roles.Procurement);
    private readonly HttpClient _quality = app.CreateClient("u-qa", "质量部张工", Roles.Quality);
    private readonly HttpClient _technician = app.CreateClient("t-zhao", "赵师傅", Roles.Technician);
    private readonly ExportSource _source = new(app);

    [Fact]
    public async Task EveryTableIsExportedAsTheRecordsSayAndARerunGivesTheSameRows()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/exports/powerbi/runs/latest")).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 15, 10, 0, 0, TimeSpan.FromHours(8)));
        var onSite = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "甲方机械", partNumber: "P-7001"))).RoutedAsync();
        await onSite.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await onSite.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        var registered = await _http.PostJsonAsync("/api/customers", new { name = "乙方精密", province = "浙江", grade = "key", gradeReason = "年采购额超过 100 万", contactPerson = "周工", phone = "0571-12345678" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var customerId = (await registered.ReadJsonAsync())["id"]!.GetValue<string>();
        var remote = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "乙方精密", province: "浙江", customerId: customerId))).RoutedAsync();
        await remote.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });
        app.Clock.Advance(TimeSpan.FromHours(3));
        await remote.DoAsync("resolution", new { summary = "电话指导" });
        await remote.DoAsync("confirmation", new { satisfied = true });
        // The closed service sends the customer a survey; an hour on they rate three items on site, one at the bottom of the scale.
        var surveyId = SurveyIds.From("complaint|" + remote.Number);
        var sent = await Poll.UntilAsync(() => _technician.GetAsync($"/api/surveys/{surveyId}"), r => r.StatusCode == HttpStatusCode.OK, what: "the survey after the service");
        app.Clock.Advance(TimeSpan.FromHours(1));
        using var answer = new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{surveyId}/answer")
        {
            Content = JsonContent.Create(new { scores = new { responseSpeed = 5, serviceAttitude = 4, productQuality = 1 }, comment = "=响应快, 但产品有瑕疵" }),
        };
        answer.Headers.TryAddWithoutValidation("If-Match", sent.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await _technician.SendAsync(answer)).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 10, 9, 30, 0, TimeSpan.FromHours(8)));
        var returned = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "丙方重工"))).RoutedAsync();
        await returned.DoAsync("triage", new { path = "returnExchange", analysis = "批量外观不良" });
        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", new
        {
            complaintNumber = returned.Number,
            kind = "return",
            items = new[] { new { partNumber = "P-1001", quantity = 10, defectiveQuantity = 2 } },
            reason = "来料外观不良",
        });
        var capa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", new
        {
            title = "轴承早期磨损",
            problem = "同一料号轴承三个月内磨损",
            complaints = new[] { onSite.Number },
            decisions = new { causeAnalysis = new { needed = true, record = "查明原因" }, action = new { needed = true, record = "需要纠正" }, effectConfirmation = new { needed = true } },
        });
        // What the feature's subscribers do after: the dispatch opens a visit, the complaints learn of their return and CAPA.
        await Poll.UntilAsync(_source.RecordsAsync<Visit>, v => v.Count == 1, what: "the visit the dispatch opens");
        await Poll.UntilAsync(_source.RecordsAsync<Complaint>, all => all.Single(c => c.Number == onSite.Number).Related.Capas.Count == 1
            && all.Single(c => c.Number == returned.Number).Related.Returns.Count == 1, what: "the complaints to show their CAPA and return");
        await _source.FeedCaughtUpAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var (created, first) = await ExportSource.RunAsync(_admin);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/exports/powerbi/runs/{first.RunId}", created.Headers.Location!.ToString());
        Assert.Null(first.Since);

        // Complaints: a file per month, rows in number order, each as its record says.
        var complaints = await _source.RecordsAsync<Complaint>();
        var files = first.Tables.Single(t => t.Name == "complaints").Files;
        Assert.Equal(["202701", "202702"], files.Select(f => f.Month));
        var january = ExportReader.InOrder(StarSchema.Complaints, await ExportReader.ParquetRowsAsync(_source.Exports, files[0].Parquet));
        Assert.Equal([onSite.Number, remote.Number], january.Select(r => r[0]));
        var exported = await _source.ParquetRowsAsync(first, StarSchema.Complaints);
        Assert.Equal(complaints.Count, exported.Count);
        foreach (var c in complaints)
        {
            var row = exported.Single(r => (string)r[0]! == c.Number);
            object?[] expected = [c.Number, Codes.Of(c.Channel), c.Path is { } p ? Codes.Of(p) : null, Codes.Of(c.State), c.Customer.CustomerId, c.Customer.Name,
                ExportCalendar.Time(c.ReceivedAt), ExportCalendar.Time(c.ClosedAt), (long)c.Steps.Count];
            object?[] actual = [.. new[] { "ComplaintNumber", "ChannelCode", "PathCode", "StateCode", "CustomerId", "CustomerName", "ReceivedAt", "ClosedAt", "StepCount" }
                .Select(col => ExportSource.Cell(StarSchema.Complaints, row, col))];
            Assert.Equal(expected, actual);
        }
        var closed = exported.Single(r => (string)r[0]! == remote.Number);
        Assert.Equal(("closed", "notQualityProblem", "330000", 20270115L), (Cell(closed, "StateCode"), Cell(closed, "PathCode"), Cell(closed, "ProvinceCode"), Cell(closed, "ReceivedDateKey")));
        Assert.Equal("P-7001", Cell(exported.Single(r => (string)r[0]! == onSite.Number), "ProductKey"));

        // Steps: every work item of every record once, with its SLA due time, whether it was met and the time worked.
        var steps = new List<(string Kind, string Id, WorkItem Step)>();
        steps.AddRange(complaints.SelectMany(c => c.Steps.Select(s => ("complaint", c.Number, s))));
        steps.AddRange((await _source.RecordsAsync<Visit>()).SelectMany(v => v.Steps.Select(s => ("visit", v.Id, s))));
        steps.AddRange((await _source.RecordsAsync<ReturnOrder>()).SelectMany(r => r.Steps.Select(s => ("returnOrder", r.Id, s))));
        steps.AddRange((await _source.RecordsAsync<CorrectiveAction>()).SelectMany(c => c.Steps.Select(s => ("capa", c.Id, s))));
        var surveys = await _source.RecordsAsync<Survey>();
        steps.AddRange(surveys.SelectMany(v => v.Steps.Select(s => ("survey", v.Id, s))));
        var stepRows = await _source.ParquetRowsAsync(first, StarSchema.Steps);
        Assert.Equal(steps.Count, stepRows.Count);
        foreach (var (kind, id, s) in steps)
        {
            var row = stepRows.Single(r => (string)r[0]! == kind && (string)r[1]! == id && (string)r[2]! == s.Id);
            Assert.Equal((s.Kind, s.Department.Code(), ExportCalendar.Time(s.DueAt), ExportCalendar.Time(s.CompletedAt), s.OnTime),
                ((string?)Step(row, "StepKind"), (string?)Step(row, "DepartmentCode"), (DateTime?)Step(row, "DueAt"), (DateTime?)Step(row, "CompletedAt"), (bool?)Step(row, "Met")));
            Assert.Equal(s.CompletedAt is { } done ? Math.Round((decimal)(done - s.OpenedAt - s.PausedTotal).TotalMinutes, 2) : null, (decimal?)Step(row, "ElapsedMinutes"));
        }
        // The remote answer: confirmed three hours after the triage, without a pause.
        Assert.Contains(stepRows, r => (string)r[1]! == remote.Number && (string?)Step(r, "StepKind") == "remoteSolution" && (decimal?)Step(r, "ElapsedMinutes") == 180m);

        // The low score's follow-up is marketing's step, linked to the complaint the survey followed.
        var followUp = Assert.Single(stepRows, r => (string)r[0]! == "survey");
        Assert.Equal((surveyId, "surveyFollowUp", "marketing", remote.Number), ((string?)followUp[1], (string?)Step(followUp, "StepKind"), (string?)Step(followUp, "DepartmentCode"), (string?)Step(followUp, "ComplaintNumber")));

        // Survey answers: one row per item rated, as the survey record says, in the month it was answered.
        var survey = Assert.Single(surveys);
        var given = survey.Answer!;
        var answerRows = await _source.ParquetRowsAsync(first, StarSchema.SurveyAnswers);
        Assert.Equal(["202701"], first.Tables.Single(t => t.Name == "surveyAnswers").Files.Select(f => f.Month));
        Assert.Equal(given.Scores.Keys.Select(k => $"{survey.Id}|{k}").Order(StringComparer.Ordinal), answerRows.Select(r => $"{r[0]}|{r[1]}"));
        foreach (var (item, score) in given.Scores)
        {
            var row = answerRows.Single(r => (string)r[1]! == item);
            var words = SurveyTemplate.Default.Item(item)!;
            object?[] expected = [survey.Id, item, (long)(SurveyTemplate.Default.Items.ToList().IndexOf(words) + 1), words.Zh, words.En, (long)score, score == SurveyTemplate.Default.Scale.Min,
                Codes.Of(survey.Occasion), survey.Round, survey.ComplaintNumber, survey.Customer.Id, survey.Customer.Name, survey.Department?.Code(), survey.Product, survey.Language,
                (long)survey.TemplateVersion, Codes.Of(given.Channel), ExportCalendar.Time(survey.SentAt), 20270115L, ExportCalendar.Time(given.At), 20270115L,
                (long)given.Scores.Count, 3.33m, given.Comment];
            Assert.Equal(expected, row);
        }
        Assert.Equal(("service", remote.Number, customerId, "onSite", "=响应快, 但产品有瑕疵"), (Answer(answerRows[0], "OccasionCode"), Answer(answerRows[0], "ComplaintNumber"),
            Answer(answerRows[0], "CustomerId"), Answer(answerRows[0], "AnswerChannelCode"), Answer(answerRows[0], "Comment")));
        Assert.Equal(["productQuality"], answerRows.Where(r => (bool?)Answer(r, "LowScore") == true).Select(r => (string?)r[1]));
        // The same answer as the satisfaction analysis reads it from its index (SurveyAnswers).
        var indexed = await Poll.UntilAsync(() => app.Services.GetRequiredService<SurveyAnswers>().ForPeriodAsync(
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None), a => a.Count == 1, what: "the answer's index row");
        Assert.Equal(indexed[0].Scores.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, (long)p.Value)),
            answerRows.Select(r => ((string)r[1]!, (long)Answer(r, "Score")!)));

        // Visits, returns, events: one row each, as the records and their histories say.
        var visitRows = await _source.ParquetRowsAsync(first, StarSchema.Visits);
        Assert.Equal(onSite.Number, Assert.Single(visitRows)[StarSchema.Visits.IndexOf("ComplaintNumber")]);
        var returnRow = Assert.Single(await _source.ParquetRowsAsync(first, StarSchema.Returns));
        Assert.Equal((order.Id, returned.Number, "P-1001", 10L, 2L), ((string?)returnRow[0], (string?)returnRow[2], (string?)returnRow[6], (long?)returnRow[7], (long?)returnRow[8]));
        var histories = await _source.HistoriesAsync();
        var eventRows = await _source.ParquetRowsAsync(first, StarSchema.Events);
        Assert.Equal(histories.Select(e => e.Id).Order(), eventRows.Select(r => (string)r[0]!).Order());

        // Dimensions: the customers registered at intake, with their grade and province; the code lists; two years of days.
        var customers = await _source.RecordsAsync<CustomerCard>();
        var customerRows = await _source.ParquetRowsAsync(first, StarSchema.Customers);
        Assert.Equal(customers.Select(c => c.Id).Order(), customerRows.Select(r => (string)r[0]!).Order());
        Assert.Equal([customerId, "乙方精密", "key", "重点顾客", "330000"], Assert.Single(customerRows)[..3].Concat([customerRows[0][3], customerRows[0][5]]));
        Assert.Equal(customerId, Cell(exported.Single(r => (string)r[0]! == remote.Number), "CustomerId"));
        Assert.Contains(await _source.ParquetRowsAsync(first, StarSchema.Dates), r => (long?)r[0] == 20270115L);
        Assert.Equal(5, (await _source.ParquetRowsAsync(first, StarSchema.Departments)).Count);
        Assert.Contains(await _source.ParquetRowsAsync(first, StarSchema.Paths), r => (string?)r[0] == "returnExchange" && (string?)r[1] == "退换货");
        Assert.Equal(365 + 366, (await _source.ParquetRowsAsync(first, StarSchema.Dates)).Count);
        Assert.Contains(await _source.ParquetRowsAsync(first, StarSchema.Products), r => (string?)r[0] == "P-1001");

        // Reconciliation: each table's count is the rows in its files, in its CSV files and in its lean table, and the records'.
        Assert.Equal(complaints.Count, first.RowCounts["complaints"]);
        Assert.Equal(steps.Count, first.RowCounts["steps"]);
        Assert.Equal(histories.Count, first.RowCounts["events"]);
        Assert.Equal((1L, 1L, 0L), (first.RowCounts["visits"], first.RowCounts["returns"], first.RowCounts["capaMeasures"]));
        Assert.Equal(3, first.RowCounts["surveyAnswers"]);
        foreach (var table in first.Tables)
        {
            var csvRows = 0;
            foreach (var file in table.Files)
            {
                var lines = await ExportReader.CsvLinesAsync(_source.Exports, file.Csv);
                Assert.Equal(string.Join(',', StarSchema.Find(table.Name)!.Columns.Select(c => c.Name)), lines[0]);
                csvRows += lines.Length - 1;
            }
            Assert.Equal(table.Rows, csvRows);
            Assert.Equal(table.Rows, app.Storage.Table(table.StorageTable).Query<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]).Count());
        }

        // Run again: the same rows in every file, the same counts, nothing twice.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, second) = await ExportSource.RunAsync(_admin);
        Assert.Equal(first.Watermark - PowerBiExport.SafetyLag, second.Since);
        Assert.Equal(first.RowCounts, second.RowCounts);
        foreach (var table in StarSchema.All)
        {
            Assert.Equal(Flatten(await _source.ParquetRowsAsync(first, table)), Flatten(await _source.ParquetRowsAsync(second, table)));
        }

        // The API shows the latest run and the list, newest first.
        var latest = await (await _admin.GetAsync("/api/exports/powerbi/runs/latest")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(second.RunId, latest!["runId"]!.GetValue<string>());
        Assert.Equal(complaints.Count, latest["rowCounts"]!["complaints"]!.GetValue<int>());
        var list = await (await _admin.GetAsync("/api/exports/powerbi/runs")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal([second.RunId, first.RunId], list!["items"]!.AsArray().Select(i => i!["runId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/exports/powerbi/runs/{first.RunId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/exports/powerbi/runs/PB-20000101000000-abcdef")).StatusCode);

        // A retry with the same Idempotency-Key answers the same run instead of starting another.
        var (keyed, run) = await ExportSource.RunAsync(_admin, "catch-up-1");
        Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
        var (replayed, again) = await ExportSource.RunAsync(_admin, "catch-up-1");
        Assert.Equal((HttpStatusCode.OK, "true", run.RunId), (replayed.StatusCode, replayed.Headers.GetValues("Idempotent-Replayed").Single(), again.RunId));
    }

    private static object? Cell(object?[] row, string column) => ExportSource.Cell(StarSchema.Complaints, row, column);

    private static object? Step(object?[] row, string column) => ExportSource.Cell(StarSchema.Steps, row, column);

    private static object? Answer(object?[] row, string column) => ExportSource.Cell(StarSchema.SurveyAnswers, row, column);

    private static List<string> Flatten(List<object?[]> rows) => [.. rows.Select(r => string.Join('|', r.Select(v => v switch
    {
        null => "∅",
        DateTime d => d.ToString("O"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString(),
    })))];
}

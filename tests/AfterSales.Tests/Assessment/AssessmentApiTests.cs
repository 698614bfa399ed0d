using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Assessment;

/// <summary>Self-assessments through the HTTP API on Azurite: findings, deductions and bonus, completion, lists and comparison.</summary>
public class AssessmentApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _assessor = app.CreateClient("u-pj", "评价员陈工", Roles.Assessor);
    private readonly HttpClient _management = app.CreateClient("u-gm", "总经理", Roles.Management);

    /// <summary>Every item of the shipped set conforms (sampled items: all of 5 passed), except what <paramref name="except"/> says.</summary>
    private async Task<List<object>> FindingsAsync(Dictionary<string, object> except)
    {
        var set = await (await _assessor.GetAsync("/api/assessment-indicators")).ReadJsonAsync();
        var items = set["groups"]!.AsArray().SelectMany(g => g!["indicators"]!.AsArray()).SelectMany(i => i!["items"]!.AsArray()).ToList();
        return [.. items.Select(i => except.GetValueOrDefault(i!["code"]!.GetValue<string>())
            ?? (i["kind"]!.GetValue<string>() == "sampled"
                ? new { item = i["code"]!.GetValue<string>(), finding = "sampled", sampled = 5, passed = 5 }
                : (object)new { item = i["code"]!.GetValue<string>(), finding = "conforms" }))];
    }

    [Fact]
    public async Task AnAssessorRecordsFindingsADeductionAndABonusAndCompletesAtFourStars()
    {
        var a = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "2026年度售后服务自我评价", from = "202601", to = "202612" }, idempotencyKey: "pj-2026");
        Assert.Equal(("open", 1), (a.Record["state"]!.GetValue<string>(), a.Record["indicators"]!["version"]!.GetValue<int>()));
        // A retry of the same request answers the same assessment.
        var retry = await _assessor.SendAsync(RecordClient.Create("/api/assessments", new { title = "2026年度售后服务自我评价", from = "202601", to = "202612" }, "pj-2026"));
        Assert.Equal((HttpStatusCode.OK, "true", a.Id), (retry.StatusCode, retry.Headers.GetValues("Idempotent-Replayed").Single(), (await retry.ReadJsonAsync())["assessment"]!["id"]!.GetValue<string>()));

        // Training: 8 of 10 sampled (2 × 0.8 = 1.6 of 2); internal checks fail (0 of 3); recycling does not apply (4 points leave).
        var findings = await FindingsAsync(new()
        {
            ["staffing.training"] = new { item = "staffing.training", finding = "sampled", sampled = 10, passed = 8, evidence = new[] { new { reference = "培训记录 HR-2026-07" } } },
            ["supervision.internalChecks"] = new { item = "supervision.internalChecks", finding = "nonConforming", note = "全年无内部检查记录" },
            ["recycling.takeBack"] = new { item = "recycling.takeBack", finding = "excluded", reason = "本公司产品为工业设备, 由客户自行处置" },
        });
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await a.SendAsync("items", new { items = findings.Take(3) }, ifMatch: null)).StatusCode);
        await a.DoAsync("items", new { items = findings.Take(10) });
        var early = await a.SendAsync("completion", new { }, a.ETag);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("recycling.takeBack", (await early.ReadJsonAsync())["unassessed"]!.AsArray().Select(x => x!.GetValue<string>()));
        var stale = a.ETag;
        await a.DoAsync("items", new { items = findings.Skip(10) });
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await a.SendAsync("items", new { items = findings.Take(1) }, stale)).StatusCode);

        // Earned 96 − 0.4 − 3 = 92.6 of 96 applicable: 96.458… → 96.46 (five stars before adjustments).
        Assert.Equal((96m, 92.6m, 96.46m, "fiveStars"), Score(a.Last));
        await a.DoAsync("adjustments", new { kind = "deduction", points = 7, reason = "年内发生一起媒体曝光的投诉", indicator = "complaintHandling" });
        Assert.Equal(89.46m, a.Last["score"]!["total"]!.GetValue<decimal>());
        Assert.Equal("threeStars", a.Last["score"]!["level"]!.GetValue<string>());
        // A bonus recorded by mistake is withdrawn with the reason: it stays on the record and counts no more.
        await a.DoAsync("adjustments", new { kind = "bonus", points = 5, reason = "误录" });
        Assert.Equal(94.46m, a.Last["score"]!["total"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.BadRequest, (await a.SendAsync("adjustments/a2/withdrawal", new { }, a.ETag)).StatusCode);
        await a.DoAsync("adjustments/a2/withdrawal", new { reason = "录入错误, 应为 0.54 分" });
        Assert.Equal((89.46m, "录入错误, 应为 0.54 分"), (a.Last["score"]!["total"]!.GetValue<decimal>(), a.Record["adjustments"]![1]!["withdrawnReason"]!.GetValue<string>()));
        await a.DoAsync("adjustments", new { kind = "bonus", points = 0.54, reason = "获评省级售后服务示范单位" });
        Assert.Equal((90.00m, "fourStars"), (a.Last["score"]!["total"]!.GetValue<decimal>(), a.Last["score"]!["level"]!.GetValue<string>()));
        // Where points are lost, most first: supervision 3, staffing 0.4.
        Assert.Equal(["supervision", "staffing"], a.Last["improvementFocus"]!.AsArray().Select(f => f!["indicator"]!.GetValue<string>()));

        await a.DoAsync("completion", new { summary = "达到四星级" });
        Assert.Equal(("completed", 90.00m, "fourStars"), (a.Record["state"]!.GetValue<string>(), a.Record["finalScore"]!.GetValue<decimal>(), a.Record["finalLevel"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await a.SendAsync("items", new { items = findings.Take(1) }, a.ETag)).StatusCode);
        Assert.Equal(["AssessmentOpened", "SystemEvidenceCollected", "ItemsAssessed", "ItemsAssessed", "AdjustmentRecorded", "AdjustmentRecorded", "AdjustmentWithdrawn", "AdjustmentRecorded", "AssessmentCompleted"],
            (await a.TimelineAsync()).Types());

        // Management reads it and sees it listed with its final score; it may not change it.
        var listed = await Lists.UntilAsync(_management, "/api/assessments?state=completed", i => i.Has("id", a.Id), "the assessment listed as completed");
        Assert.Equal((90.00m, "fourStars"), (listed.Single(i => i!["id"]!.GetValue<string>() == a.Id)!["score"]!.GetValue<decimal>(), listed.Single(i => i!["id"]!.GetValue<string>() == a.Id)!["level"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await a.SendAsync("adjustments", new { kind = "bonus", points = 1, reason = "x" }, a.ETag, by: _management)).StatusCode);
    }

    [Fact]
    public async Task ComparingTwoAssessmentsShowsWhatMovedTheScoreAndWhereToImproveFirst()
    {
        var last = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "上年度", from = "202501", to = "202512" });
        await last.DoAsync("items", new { items = await FindingsAsync(new()
        {
            ["complaintHandling.arrivalOnTime"] = new { item = "complaintHandling.arrivalOnTime", finding = "sampled", sampled = 20, passed = 19 },
        }) });
        await last.DoAsync("completion", new { });
        var now = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "本年度", from = "202601", to = "202612" });
        await now.DoAsync("items", new { items = await FindingsAsync(new()
        {
            ["complaintHandling.arrivalOnTime"] = new { item = "complaintHandling.arrivalOnTime", finding = "sampled", sampled = 20, passed = 10 },
            ["customerRelations.records"] = new { item = "customerRelations.records", finding = "nonConforming", note = "新客户未建档" },
            ["staffing.training"] = new { item = "staffing.training", finding = "sampled", sampled = 10, passed = 9 },
        }) });
        await now.DoAsync("adjustments", new { kind = "deduction", points = 2, reason = "服务承诺未公示" });

        // Before: 100 − 4 × 1/20 = 99.8. Now: 100 − 2 (arrival 10 of 20 of 4) − 4 (records) − 0.2 (training) = 93.8, less 2 = 91.8.
        var response = await _management.GetAsync($"/api/assessments/{now.Id}/comparison?with={last.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await response.ReadJsonAsync();
        Assert.Equal((last.Id, now.Id), (c["before"]!.GetValue<string>(), c["after"]!.GetValue<string>()));
        Assert.Equal((99.8m, 91.8m, -8.0m), (c["scoreBefore"]!.GetValue<decimal>(), c["scoreAfter"]!.GetValue<decimal>(), c["scoreDelta"]!.GetValue<decimal>()));
        Assert.Equal(("fiveStars", "fourStars", true), (c["levelBefore"]!.GetValue<string>(), c["levelAfter"]!.GetValue<string>(), c["levelChanged"]!.GetValue<bool>()));
        var indicators = c["indicators"]!.AsArray().ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["delta"]!.GetValue<decimal>());
        Assert.Equal((-1.8m, -4m, -0.2m, 0m), (indicators["complaintHandling"], indicators["customerRelations"], indicators["staffing"], indicators["delivery"]));
        // What moved it, largest first: the customer records (−4), the deduction (−2), arrivals (3.8 → 2: −1.8), training (−0.2).
        Assert.Equal([("customerRelations.records", -4m), ("adjustments", -2m), ("complaintHandling.arrivalOnTime", -1.8m), ("staffing.training", -0.2m)],
            c["movers"]!.AsArray().Select(m => (m!["item"]!.GetValue<string>(), m["delta"]!.GetValue<decimal>())));
        Assert.Equal([("customerRelations", 4m), ("complaintHandling", 2m), ("staffing", 0.2m)],
            c["improvementFocus"]!.AsArray().Select(f => (f!["indicator"]!.GetValue<string>(), f["lost"]!.GetValue<decimal>())));
        Assert.Equal(HttpStatusCode.BadRequest, (await _management.GetAsync($"/api/assessments/{now.Id}/comparison")).StatusCode);
    }

    [Fact]
    public async Task BadFindingsAreRefusedNamingTheField()
    {
        var bad = await _assessor.PostAsJsonAsync("/api/assessments", new { title = "x", from = "2026-01", to = "202613" }, Api.Options);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from", "to"], errors);

        var a = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "检查输入", from = "202601", to = "202603" });
        var response = await a.SendAsync("items", new
        {
            items = new object?[]
            {
                new { item = "staffing.training", finding = "sampled", sampled = 5, passed = 6 },
                new { item = "rules.documented", finding = "sampled", sampled = 5, passed = 5 },
                new { item = "recycling.takeBack", finding = "excluded" },
                new { item = "no.such.item", finding = "conforms" },
                new { item = "repair.visits", acceptSystemEvidence = true }, // no field-visit evidence in the system yet
            },
        }, a.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["items[0].passed", "items[1].finding", "items[2].reason", "items[3].item", "items[4].acceptSystemEvidence"],
            (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order());
        var adjustment = await a.SendAsync("adjustments", new { kind = "deduction", points = 25, indicator = "nowhere" }, a.ETag);
        Assert.Equal(["indicator", "points", "reason"], (await adjustment.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await _assessor.GetAsync("/api/assessments/PJ-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _assessor.GetAsync("/api/assessments/PJ-00000000")).StatusCode);
    }

    [Fact]
    public async Task EvidenceFilesAreAttachedToTheAssessmentAndReadOnlyByItsReaders()
    {
        var a = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "2025年度自我评价 附件", from = "202501", to = "202512" });
        byte[] record = [.. AfterSales.Tests.Attachments.GeneratedFile.Pdf, .. "培训签到表"u8];
        var attached = await AfterSales.Tests.Attachments.AttachmentApiTests.AttachToAsync(_assessor, "assessment", a.Id, "培训签到表.pdf",
            new ByteArrayContent(record) { Headers = { ContentType = new("application/pdf") } });
        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        var id = (await attached.ReadJsonAsync())["id"]!.GetValue<string>();

        // The finding names the file as its evidence; management reads the list and the file.
        await a.DoAsync("items", new { items = new[] { new { item = "staffing.training", finding = "conforms", evidence = new[] { new { reference = id } } } } });
        var listed = await (await _management.GetAsync($"/api/attachments/assessment/{a.Id}")).ReadJsonAsync();
        Assert.Equal("培训签到表.pdf", Assert.Single(listed["items"]!.AsArray())!["fileName"]!.GetValue<string>());
        Assert.Equal(record, await _management.GetByteArrayAsync($"/api/attachments/assessment/{a.Id}/{id}"));

        // A technician may not see an assessment's files, nor add one; a malformed number is a 400.
        var technician = app.CreateClient("u-tech", "技术员", Roles.Technician);
        Assert.Equal(HttpStatusCode.Forbidden, (await technician.GetAsync($"/api/attachments/assessment/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AfterSales.Tests.Attachments.AttachmentApiTests.AttachToAsync(technician, "assessment", a.Id, "x.pdf",
            new ByteArrayContent(record) { Headers = { ContentType = new("application/pdf") } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _assessor.GetAsync("/api/attachments/assessment/PJ-1")).StatusCode);
    }

    private static (decimal Applicable, decimal Earned, decimal Total, string Level) Score(JsonNode view) =>
        (view["score"]!["applicable"]!.GetValue<decimal>(), view["score"]!["earned"]!.GetValue<decimal>(), view["score"]!["total"]!.GetValue<decimal>(), view["score"]!["level"]!.GetValue<string>());
}

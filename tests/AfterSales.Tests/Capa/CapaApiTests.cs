using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Capa;

/// <summary>The CAPA closed loop (纠正和预防措施) through the HTTP API on Azurite, with the clock the test moves.</summary>
public class CapaApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _quality = app.CreateClient("u-qa", "质量部张工", Roles.Quality);
    private readonly HttpClient _technical = app.CreateClient("u-tech", "技术中心刘工", Roles.Technical);
    private readonly HttpClient _procurement = app.CreateClient("u-proc", "采购员小周", Roles.Procurement);
    private readonly HttpClient _head = app.CreateClient("u-head", "技术中心主任", Roles.Supervisor);
    private readonly HttpClient _managementRepresentative = app.CreateClient("u-rep", "管理者代表", Roles.Management);

    [Fact]
    public async Task ACapaOfThreeComplaintsGoesThroughEveryStageWithARejectedReviewAndAnEscalatedMeasure()
    {
        var part = "P-BATCH-" + Guid.NewGuid().ToString("N")[..6];
        var complaints = new List<ComplaintClient>();
        foreach (var customer in new[] { "无锡重工", "常州精密", "南通机床" })
        {
            complaints.Add(await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: customer, partNumber: part))).RoutedAsync());
        }
        var capa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", Capa([.. complaints.Select(c => c.Number)]), idempotencyKey: "capa-" + part);
        Assert.Equal(("notification", part), (capa.Stage, capa.Record["partNumber"]!.GetValue<string>()));
        foreach (var c in complaints)
        {
            await Poll.UntilAsync(c.GetAsync, v => LinkedCapa(v, capa.Id)?["open"]!.GetValue<bool>() == true, what: $"{c.Number} to show its CAPA");
        }

        await capa.DoAsync("notification", new { department = "technical", contact = new { id = "u-tech", name = "技术中心刘工" }, note = "请技术中心分析" });
        Assert.Equal("causeAnalysis", capa.Stage);
        await Lists.UntilAsync(_technical, "/api/departments/technical/inbox?pageSize=200", i => i.Has("recordId", capa.Id), "the cause analysis in technical's inbox");
        // The cause is the responsible department's to find, not procurement's.
        Assert.Equal(HttpStatusCode.Forbidden, (await capa.SendAsync("cause-analysis", Cause(), capa.ETag, by: _procurement)).StatusCode);
        await capa.DoAsync("cause-analysis", Cause(), by: _technical);
        Assert.Equal("planning", capa.Stage);

        await capa.DoAsync("plan", Plan("改进", fast: "u-proc"), by: _technical);
        await capa.DoAsync("review", new { approved = false, reason = "措施不具体, 缺少验证方法" }, by: _head);
        Assert.Equal("planning", capa.Stage);
        await capa.DoAsync("plan", Plan("改进热处理工艺参数并增加硬度抽检", fast: "u-proc"), by: _technical);
        Assert.Equal(["superseded", "superseded", "planned", "planned"], capa.Record["measures"]!.AsArray().Select(m => m!["state"]!.GetValue<string>()));
        // Only the management representative approves the plan.
        Assert.Equal(HttpStatusCode.Forbidden, (await capa.SendAsync("approval", new { approved = true }, capa.ETag, by: _head)).StatusCode);
        await capa.DoAsync("review", new { approved = true }, by: _head);
        await capa.DoAsync("approval", new { approved = true, reason = "同意实施" }, by: _managementRepresentative);
        Assert.Equal("execution", capa.Stage);
        await Lists.UntilAsync(_quality, $"/api/capas?stage=execution&pageSize=200", i => i.Has("id", capa.Id), "the CAPA listed in execution");

        await capa.DoAsync("measures/m3/completion", new { result = "工艺卡已修订, 试生产三批合格", evidence = new[] { new { reference = "试产记录 TP-0311" } } }, by: _technical);
        await Lists.UntilAsync(_procurement, "/api/departments/procurement/inbox?pageSize=200", i => i.Any(x => x!["recordId"]!.GetValue<string>() == capa.Id && x["stepId"]!.GetValue<string>() == "m4"), "measure m4 in procurement's inbox");
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.RunTimerAsync("EscalateOverdueSteps");
        var escalated = (await capa.TimelineAsync()).Where(e => e!["type"]!.GetValue<string>() == "StepEscalated").ToList();
        Assert.Equal(("m4", "supervisor"), (Assert.Single(escalated)!["data"]!["step"]!.GetValue<string>(), escalated[0]!["data"]!["level"]!.GetValue<string>()));
        var late = await Lists.UntilAsync(_quality, "/api/capas?overdueMeasures=true&pageSize=200", i => i.Has("id", capa.Id), "the CAPA among overdue measures");
        Assert.Equal(["m4"], late.Single(i => i!["id"]!.GetValue<string>() == capa.Id)!["measuresUnderway"]!.AsArray().Where(m => m!["overdue"]!.GetValue<bool>()).Select(m => m!["id"]!.GetValue<string>()));

        await capa.GetAsync(); // the escalation changed it: read it again
        await capa.DoAsync("measures/m4/completion", new { result = "供应商已整改, 来料加严检验" }, by: _procurement);
        Assert.Equal("verification", capa.Stage);
        var noEvidence = await capa.SendAsync("verification", new { effective = true, note = "连续三月无投诉" }, capa.ETag, by: _quality);
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        await capa.DoAsync("verification", new { effective = true, note = "连续三月无同类投诉", evidence = new[] { new { reference = "检验报告 QR-2026-118", note = "硬度全部合格" } } }, by: _quality);
        await capa.DoAsync("closure", new { note = "记录归档" }, by: _quality);
        Assert.Equal(("closed", "closed"), (capa.Stage, capa.Record["outcome"]!.GetValue<string>()));

        Assert.Equal(["CapaOpened", "DepartmentNotified", "CauseAnalysed", "PlanSubmitted", "PlanReviewed", "PlanSubmitted", "PlanReviewed", "PlanApproved",
            "MeasureCompleted", "StepEscalated", "MeasureCompleted", "EffectVerified", "CapaClosed"], (await capa.TimelineAsync()).Types());
        foreach (var c in complaints)
        {
            await Poll.UntilAsync(c.GetAsync, v => LinkedCapa(v, capa.Id)?["open"]!.GetValue<bool>() == false, what: $"{c.Number} to show the CAPA's outcome");
            Assert.Equal("closed", LinkedCapa(c.Last, capa.Id)!["outcome"]!.GetValue<string>());
            var types = (await c.TimelineAsync()).Types();
            Assert.Contains("CapaLinked", types);
            Assert.Contains("CapaConcluded", types);
        }
        await Lists.UntilAsync(_quality, "/api/capas?effective=true&pageSize=200", i => i.Has("id", capa.Id), "the CAPA among the verified effective");
        await Lists.UntilAsync(_quality, $"/api/capas?partNumber={part}", i => i.Has("id", capa.Id), "the CAPA listed by its part number");
    }

    [Fact]
    public async Task NoActionNeededClosesItAsContinuousImprovement()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "持续改进客户", partNumber: "P-CI-1"))).RoutedAsync();
        var withoutReason = await _quality.SendAsync(RecordClient.Create("/api/capas", Capa([c.Number], actionNeeded: false, actionRecord: null), null));
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.NotNull((await withoutReason.ReadJsonAsync())["errors"]!["decisions.action.record"]);
        // Only quality opens a CAPA.
        Assert.Equal(HttpStatusCode.Forbidden, (await _technical.SendAsync(RecordClient.Create("/api/capas", Capa([c.Number]), null))).StatusCode);

        var capa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", Capa([c.Number], actionNeeded: false, actionRecord: "个别使用不当, 已在说明书中提示, 纳入持续改进"));
        Assert.Equal(("closed", "continuousImprovement"), (capa.Stage, capa.Record["outcome"]!.GetValue<string>()));
        Assert.Empty(capa.Record["steps"]!.AsArray());
        Assert.Empty(capa.Last["allowedActions"]!.AsArray());
        await Poll.UntilAsync(c.GetAsync, v => LinkedCapa(v, capa.Id)?["outcome"]?.GetValue<string>() == "continuousImprovement", what: "the complaint to show the outcome");
        Assert.Equal(["CapaOpened", "CapaClosed"], (await capa.TimelineAsync()).Types());
    }

    [Fact]
    public async Task AnEffectiveCapaIsMadeAStandardNamingTheDocumentsChanged()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "标准化客户", partNumber: "P-STD-1"))).RoutedAsync();
        var capa = await RecordClient.CreateAsync(_http, "/api/capas", "capa", Capa([c.Number]));
        await capa.DoAsync("notification", new { department = "technical" });
        await capa.DoAsync("cause-analysis", Cause());
        var unusable = await capa.SendAsync("plan", new { measures = new object?[] { null, new { kind = "corrective", description = "x" } } }, capa.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, unusable.StatusCode);
        var errors = (await unusable.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["measures[0]", "measures[1].deadline", "measures[1].owner"], errors.Order());
        await capa.DoAsync("plan", new { measures = new[] { Measure("修订过程FMEA与控制计划", "u-tech", "technical", 5) } });
        await capa.DoAsync("review", new { approved = true });
        await capa.DoAsync("approval", new { approved = true });
        await capa.DoAsync("measures/m1/completion", new { result = "已修订" });
        await capa.DoAsync("verification", new { effective = true, note = "复查有效", evidence = new[] { new { reference = "ATT-7781" } } });

        var unnamed = await capa.SendAsync("closure", new { standardised = true }, capa.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.NotNull((await unnamed.ReadJsonAsync())["errors"]!["documents"]);
        await capa.DoAsync("closure", new
        {
            standardised = true,
            documents = new[] { new { kind = "processFmea", reference = "PFMEA-0007 C版" }, new { kind = "workInstruction", reference = "WI-HT-012 B版" } },
        });
        Assert.Equal(("closed", "standardised"), (capa.Stage, capa.Record["outcome"]!.GetValue<string>()));
        Assert.Equal(["processFmea", "workInstruction"], capa.Record["documents"]!.AsArray().Select(d => d!["kind"]!.GetValue<string>()));
        await Poll.UntilAsync(c.GetAsync, v => LinkedCapa(v, capa.Id)?["outcome"]?.GetValue<string>() == "standardised", what: "the complaint to show it was made a standard");
    }

    [Fact]
    public async Task ANewComplaintOnTheSamePartShowsTheOpenCapaToWhoeverTriagesIt()
    {
        var part = "P-KNOWN-" + Guid.NewGuid().ToString("N")[..6];
        var first = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "先报客户", partNumber: part))).RoutedAsync();
        var capa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", Capa([first.Number]));
        await Lists.UntilAsync(_quality, $"/api/capas?partNumber={part}", i => i.Has("id", capa.Id), "the CAPA indexed by its part");

        var later = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "另一家客户", partNumber: part))).RoutedAsync();
        var marketing = app.CreateClient("u-mkt", "市场部小李", Roles.Marketing);
        var seen = await Poll.UntilAsync(async () => await (await marketing.GetAsync($"/api/complaints/{later.Number}")).ReadJsonAsync(),
            v => v["related"]!["capas"]!.AsArray().Any(a => a!["id"]!.GetValue<string>() == capa.Id), what: "the new complaint to show the open CAPA");
        var shown = seen["related"]!["capas"]!.AsArray().Single()!;
        Assert.Equal((false, true, "老化试验后开裂"), (shown["linked"]!.GetValue<bool>(), shown["open"]!.GetValue<bool>(), shown["title"]!.GetValue<string>()));
        Assert.Contains("SamePartCapaNoted", (await later.TimelineAsync()).Types());
    }

    private static JsonNode? LinkedCapa(JsonNode complaint, string id) =>
        complaint["related"]!["capas"]!.AsArray().FirstOrDefault(a => a!["id"]!.GetValue<string>() == id && a["linked"]!.GetValue<bool>());

    private static object Capa(string[] complaints, bool actionNeeded = true, string? actionRecord = "批次性问题, 需要纠正预防") => new
    {
        title = "老化试验后开裂",
        problem = "多家客户反映同一料号壳体在使用三个月后开裂",
        complaints,
        decisions = new
        {
            causeAnalysis = new { needed = true, record = "需查明开裂原因" },
            action = new { needed = actionNeeded, record = actionRecord },
            effectConfirmation = new { needed = true },
        },
    };

    private static object Cause() => new
    {
        rootCause = "热处理保温时间不足, 硬度偏低",
        category = "process",
        analysis = "金相分析与硬度测试",
        evidence = new[] { new { reference = "分析报告 RPT-2026-041" } },
    };

    private object Measure(string description, string owner, string department, int days) => new
    {
        kind = "corrective",
        description,
        owner = new { id = owner, name = owner },
        department,
        deadline = app.Clock.GetUtcNow().AddDays(days),
    };

    /// <summary>Two measures: technical's within ten days, procurement's (its supplier) within two.</summary>
    private object Plan(string description, string fast) => new
    {
        measures = new[] { Measure(description, "u-tech", "technical", 10), Measure("供应商来料加严检验", fast, "procurement", 2) },
    };
}

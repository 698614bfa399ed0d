using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Assessment;

/// <summary>
/// The evidence the system counts for an assessment from its own records, on a month seeded
/// through the API with a fixed clock (February 2027, Beijing time), each figure worked out by hand.
/// </summary>
public class SystemEvidenceTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _assessor = app.CreateClient("u-pj", "评价员陈工", Roles.Assessor);
    private static readonly object Technician = new { technician = new { id = "t-zhao", name = "赵师傅" } };

    [Fact]
    public async Task ComplaintHandlingRevisitsAndCapasAreCountedForThePeriodAndCanBeAccepted()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.FromHours(8)));

        // 1: on site within the promise, revisited on time, closed.
        var kept = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "甲方机械"))).RoutedAsync();
        await kept.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await kept.DoAsync("dispatch", Technician);
        app.Clock.Advance(TimeSpan.FromHours(5));
        await kept.DoAsync("arrival");
        await kept.DoAsync("resolution", new { summary = "更换轴承" });
        await kept.DoAsync("confirmation", new { satisfied = true });
        app.Clock.Advance(TimeSpan.FromDays(2));
        await kept.DoAsync("revisit", new { note = "运行正常" });

        // 2: on site 30 h after the call (promise of 24 h missed), revisited 8 days after (late), closed.
        var late = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "乙方精密"))).RoutedAsync();
        await late.DoAsync("triage", new { path = "generalOnSite", analysis = "主轴异响" });
        await late.DoAsync("dispatch", Technician);
        app.Clock.Advance(TimeSpan.FromHours(30));
        await late.DoAsync("arrival");
        await late.DoAsync("resolution", new { summary = "调整主轴" });
        await late.DoAsync("confirmation", new { satisfied = true });
        app.Clock.Advance(TimeSpan.FromDays(8));
        await late.DoAsync("revisit", new { note = "客户满意" });

        // 3: taken, never answered.
        var unanswered = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "丙方重工"))).RoutedAsync();

        // 4: answered by phone, closed, then reopened. 5: answered by phone and closed.
        var reopened = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "丁方设备"))).RoutedAsync();
        await reopened.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });
        await reopened.DoAsync("resolution", new { summary = "电话指导" });
        await reopened.DoAsync("confirmation", new { satisfied = true });
        await reopened.DoAsync("reopen", new { reason = "客户再次来电, 问题复现" });
        var remote = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "戊方机床"))).RoutedAsync();
        await remote.DoAsync("triage", new { path = "notQualityProblem", analysis = "参数设置" });
        await remote.DoAsync("resolution", new { summary = "电话指导" });
        await remote.DoAsync("confirmation", new { satisfied = true });

        // Two CAPAs: one closed at once as continuous improvement, one open.
        var closedCapa = await RecordClient.CreateAsync(_http, "/api/capas", "capa", Capa(kept.Number, actionNeeded: false));
        var openCapa = await RecordClient.CreateAsync(_http, "/api/capas", "capa", Capa(late.Number, actionNeeded: true));
        // Complaints are read from their records; CAPAs from their list, which follows the feed.
        await Lists.UntilAsync(_http, "/api/capas?month=202702&pageSize=200", i => i.Has("id", closedCapa.Id) && i.Has("id", openCapa.Id), "both CAPAs listed in February");

        var a = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "2027年2月", from = "202702", to = "202702" });
        var found = Evidence(a.Record);
        // Received 5; answered (triage done) 4: all but the third.
        Assert.Equal((true, 5, 4), found["complaintHandling.answered"]);
        // Promises due or kept: the first (kept) and the second (missed).
        Assert.Equal((true, 2, 1), found["complaintHandling.arrivalOnTime"]);
        // Closed now: the first, second and fifth of 5 received.
        Assert.Equal((true, 5, 3), found["complaintHandling.closedLoop"]);
        // Closed at least once: the first, second, fourth and fifth; the fourth was reopened.
        Assert.Equal((true, 4, 3), found["complaintHandling.notReopened"]);
        // Revisits due: the first's (on time) and the second's (late).
        Assert.Equal((true, 2, 1), found["customerRelations.revisits"]);
        // CAPAs opened: 2, closed: 1; none verified yet, so nothing to count for effectiveness.
        Assert.Equal((true, 2, 1), found["improvement.capaClosed"]);
        Assert.Equal((false, 0, 0), found["improvement.capaEffective"]);
        // Surveys are counted once answered: the closed complaints were sent one each, none answered yet.
        Assert.Equal((false, 0, 0), found["customerRelations.surveys"]);
        // February is still running: no month of the period is over, so no supervision report is due yet.
        Assert.Equal((false, 0, 0), found["supervision.monthlyReports"]);
        Assert.Equal(80m, a.Record["systemEvidence"]!.AsArray().Single(f => f!["item"]!.GetValue<string>() == "complaintHandling.answered")!["rate"]!.GetValue<decimal>());

        // The assessor accepts the arrival figures (1 of 2: 4 × 1/2 = 2 of 4 points) and records the revisits differently.
        await a.DoAsync("items", new
        {
            items = new object[]
            {
                new { item = "complaintHandling.arrivalOnTime", acceptSystemEvidence = true, note = "按系统数据" },
                new { item = "customerRelations.revisits", finding = "sampled", sampled = 4, passed = 3, note = "含电话回访记录两份", evidence = new[] { new { reference = "回访记录 HF-2027-02" } } },
            },
        });
        var results = a.Record["results"]!.AsArray().ToDictionary(r => r!["item"]!.GetValue<string>());
        Assert.Equal(("sampled", 2, 1, true), Result(results["complaintHandling.arrivalOnTime"]!));
        Assert.Equal(("sampled", 4, 3, false), Result(results["customerRelations.revisits"]!));
        var items = a.Last["score"]!["items"]!.AsArray().ToDictionary(i => i!["item"]!.GetValue<string>(), i => i!["earned"]!.GetValue<decimal>());
        Assert.Equal((2m, 3m), (items["complaintHandling.arrivalOnTime"], items["customerRelations.revisits"]));

        // A complaint answered later shows when the evidence is counted again; one received in March does not.
        await unanswered.DoAsync("triage", new { path = "notQualityProblem", analysis = "咨询" });
        app.Clock.Advance(TimeSpan.FromDays(20));
        await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "三月客户"));
        await a.DoAsync("evidence");
        Assert.Equal((true, 5, 5), Evidence(a.Record)["complaintHandling.answered"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.SendAsync("items", new { items = new[] { new { item = "improvement.capaEffective", acceptSystemEvidence = true } } }, a.ETag)).StatusCode);
    }

    private static Dictionary<string, (bool, int, int)> Evidence(JsonNode assessment) =>
        assessment["systemEvidence"]!.AsArray().ToDictionary(f => f!["item"]!.GetValue<string>(),
            f => (f!["hasData"]!.GetValue<bool>(), f["sampled"]!.GetValue<int>(), f["passed"]!.GetValue<int>()));

    private static (string, int, int, bool) Result(JsonNode r) =>
        (r["finding"]!.GetValue<string>(), r["sampled"]!.GetValue<int>(), r["passed"]!.GetValue<int>(), r["fromSystem"]!.GetValue<bool>());

    private static object Capa(string complaint, bool actionNeeded) => new
    {
        title = "轴承早期磨损",
        problem = "同一料号轴承三个月内磨损",
        complaints = new[] { complaint },
        decisions = new
        {
            causeAnalysis = new { needed = true, record = "需查明原因" },
            action = new { needed = actionNeeded, record = actionNeeded ? "需要纠正" : "个别现象, 持续改进" },
            effectConfirmation = new { needed = true },
        },
    };
}

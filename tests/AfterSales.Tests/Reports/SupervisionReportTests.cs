using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Reports;

/// <summary>
/// The monthly service supervision report and the semi-annual statistics on a March and April 2027
/// seeded through the API with a fixed clock (Beijing time), every figure worked out by hand below.
/// </summary>
public partial class SupervisionReportTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly object Technician = new { technician = new { id = "t-zhao", name = "赵师傅" } };
    private const string Formula = "=cmd|' /C calc'!A0";

    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _supervisor = app.CreateClient("u-sup", "主管老孙", Roles.Supervisor);
    private readonly HttpClient _procurement = app.CreateClient("u-proc", "采购员小周", Roles.Procurement);
    private readonly HttpClient _quality = app.CreateClient("u-qa", "质检员小吴", Roles.Quality);

    [Fact]
    public async Task TheMonthAndTheHalfYearAreCountedAsTheyHappenedAndReadTheSameWhenAskedAgain()
    {
        var t0 = new DateTimeOffset(2027, 3, 1, 9, 0, 0, Beijing);
        app.Clock.SetUtcNow(t0);
        var keyCustomer = await CustomerAsync("甲方重工", "key");

        // C1: key customer, phone; answered in 2 h, on site in 5 h (promise of 24 h kept), resolved at 6 h.
        var c1 = await TakeAsync(Intake("phone", "CNC-850", "P-1001", customerId: keyCustomer));
        app.Clock.Advance(TimeSpan.FromHours(2));
        await c1.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await c1.DoAsync("dispatch", Technician);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await c1.DoAsync("arrival");
        app.Clock.Advance(TimeSpan.FromHours(1));
        await c1.DoAsync("resolution", new { summary = "更换轴承" });
        await c1.DoAsync("confirmation", new { satisfied = true });
        await c1.DoAsync("revisit", new { note = "运行正常" });

        // C2: the same customer and product, e-mail; answered in 1 h; solved remotely 13 h after the call,
        // 10 h of which the step waited on the customer: 3 h. First-contact resolution.
        var c2 = await TakeAsync(Intake("email", "CNC-850", "P-1001", customerId: keyCustomer));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await c2.DoAsync("triage", new { path = "qualityRemote", analysis = "参数漂移" });
        var remote = c2.OpenStep("remoteSolution");
        await c2.DoAsync($"steps/{remote}/pause", new { reason = "waitingOnCustomer", note = "等客户发来参数表" });
        app.Clock.Advance(TimeSpan.FromHours(10));
        await c2.DoAsync($"steps/{remote}/resume");
        app.Clock.Advance(TimeSpan.FromHours(2));
        await c2.DoAsync("resolution", new { summary = "远程修改参数" });
        await c2.DoAsync("confirmation", new { satisfied = true });

        // C3: web form; answered in 3 h, resolved by phone at 4 h, then reopened (not a first-contact resolution).
        var c3 = await TakeAsync(Intake("webForm", "LATHE-200", "P-2002", customer: "乙方精密"));
        app.Clock.Advance(TimeSpan.FromHours(3));
        await c3.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" });
        app.Clock.Advance(TimeSpan.FromHours(1));
        await c3.DoAsync("resolution", new { summary = "电话指导" });
        await c3.DoAsync("confirmation", new { satisfied = true });
        await c3.DoAsync("reopen", new { reason = "问题复现" });
        await c3.DoAsync("triage", new { path = "notQualityProblem", analysis = "同前" });
        await c3.DoAsync("resolution", new { summary = "再次指导" });
        await c3.DoAsync("confirmation", new { satisfied = true });

        // C4: phone; answered in 1 h and dispatched; the promise (24 h) passes and is escalated; on site at 30 h
        // (missed), resolved at 31 h.
        var c4 = await TakeAsync(Intake("phone", "LATHE-200", "P-2002", customer: "丙方机床"));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await c4.DoAsync("triage", new { path = "generalOnSite", analysis = "主轴异响" });
        await c4.DoAsync("dispatch", Technician);
        await c4.InInboxAsync("marketing", "arrivalPromise");
        app.Clock.Advance(TimeSpan.FromHours(23.5));
        await app.RunTimerAsync("EscalateOverdueSteps");
        app.Clock.Advance(TimeSpan.FromHours(5.5));
        await c4.GetAsync();
        await c4.DoAsync("arrival");
        app.Clock.Advance(TimeSpan.FromHours(1));
        await c4.DoAsync("resolution", new { summary = "调整主轴" });
        await c4.DoAsync("confirmation", new { satisfied = true });
        await c4.DoAsync("revisit", new { note = "客户满意" });

        // C5: a visit on 20 March, never analysed: its triage step is overdue at the month's end.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 20, 10, 0, 0, Beijing));
        var c5 = await TakeAsync(Intake("visit", Formula, "P-5005", customer: "戊方设备"));

        // April: C6 on the return path, refunded 1200.00; two CAPAs, one closed at once.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 10, 10, 0, 0, Beijing));
        var c6 = await TakeAsync(Intake("phone", "CNC-850", "P-3003", customer: "丁方制造"));
        await c6.DoAsync("triage", new { path = "returnExchange", analysis = "批量外观不良" });
        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", new
        {
            complaintNumber = c6.Number,
            kind = "return",
            items = new[] { new { partNumber = "P-3003", quantity = 10, defectiveQuantity = 3 } },
            reason = "外观不良",
        });
        await order.DoAsync("shipment", new { method = "customerShips", carrier = "中通快递", trackingNumber = "ZT5566" });
        await order.DoAsync("receipt");
        await order.DoAsync("inspection", new
        {
            result = "defectConfirmed", responsibility = "production", findings = "表面划伤",
            defective = new[] { new { partNumber = "P-3003", quantity = 2 } },
        }, by: _quality);
        await order.DoAsync("refund", new { amount = 1200.00m, reference = "财务凭证 2027-0410" });
        await order.DoAsync("closure");
        var closedCapa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", Capa(c1.Number, actionNeeded: false));
        var openCapa = await RecordClient.CreateAsync(_quality, "/api/capas", "capa", Capa(c4.Number, actionNeeded: true));
        // CAPAs and returns are found through their lists, which follow the change feed.
        await Lists.UntilAsync(_http, "/api/capas?month=202704&pageSize=200", i => i.Has("id", closedCapa.Id) && i.Has("id", openCapa.Id), "both CAPAs listed in April");
        await Lists.UntilAsync(_http, "/api/returns?month=202704&open=false&pageSize=200", i => i.Has("id", order.Id), "the return listed in April");

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 2, 9, 0, 0, Beijing));
        var march = await JsonAsync("/api/reports/monthly?month=2027-03");
        Assert.True(march["final"]!.GetValue<bool>());
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 0, 0, 0, Beijing), march["asOf"]!.GetValue<DateTimeOffset>());
        var m = march["complaints"]!;
        Assert.Equal(5, m["received"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["phone"] = 2, ["email"] = 1, ["webForm"] = 1, ["visit"] = 1, ["fax"] = 0, ["letter"] = 0, ["serviceCentre"] = 0 }, Counts(m["byChannel"]!));
        Assert.Equal(new Dictionary<string, int> { ["notQualityProblem"] = 1, ["qualityRemote"] = 1, ["generalOnSite"] = 2, ["majorOnSite"] = 0, ["returnExchange"] = 0, ["untriaged"] = 1 }, Counts(m["byPath"]!));
        // Arrival promises: C1 kept, C4 missed.
        Assert.Equal((2, 1, 1, 50.0m), (m["arrival"]!["due"]!.GetValue<int>(), m["arrival"]!["met"]!.GetValue<int>(), m["arrival"]!["missed"]!.GetValue<int>(), m["arrival"]!["onTimePercent"]!.GetValue<decimal>()));
        // First response 2, 1, 3, 1 h: median 1.5, 90th percentile (nearest rank 4 of 4) 3.
        Assert.Equal((4, 1.5m, 3m), Durations(m["firstResponse"]!));
        // Resolution 6, 3 (13 less the 10 h pause), 4 (the first resolution), 31 h: median 5, 90th percentile 31.
        Assert.Equal((4, 5m, 31m), Durations(m["resolution"]!));
        // Overdue: C4's promise (done late) and C5's analysis (open past due); escalated: C4's promise.
        Assert.Equal((2, 1), (m["overdueSteps"]!.GetValue<int>(), m["escalatedSteps"]!.GetValue<int>()));
        // Resolved C1–C4; first contact: C2 only (C3 was reopened, C1 and C4 needed a visit).
        Assert.Equal((4, 1, 25.0m, 1), (m["resolved"]!.GetValue<int>(), m["firstContactResolved"]!.GetValue<int>(), m["firstContactPercent"]!.GetValue<decimal>(), m["reopened"]!.GetValue<int>()));
        Assert.False(march["satisfaction"]!["hasData"]!.GetValue<bool>());

        // A closed month reads the same when asked again, whatever happens to its complaints later.
        await c5.DoAsync("triage", new { path = "notQualityProblem", analysis = "咨询" });
        app.Clock.Advance(TimeSpan.FromHours(1));
        var again = await JsonAsync("/api/reports/monthly?month=2027-03");
        Assert.Equal(march.ToJsonString(), again.ToJsonString());
        var refreshed = await JsonAsync("/api/reports/monthly?month=2027-03&refresh=true");
        Assert.Equal(app.Clock.GetUtcNow(), refreshed["producedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(m.ToJsonString(), refreshed["complaints"]!.ToJsonString());

        // Filters: the key customer's complaints; one product (any case).
        var key = (await JsonAsync("/api/reports/monthly?month=2027-03&grade=key"))["complaints"]!;
        Assert.Equal((2, 1, 1), (key["received"]!.GetValue<int>(), Counts(key["byChannel"]!)["phone"], Counts(key["byChannel"]!)["email"]));
        Assert.Equal(2, (await JsonAsync("/api/reports/monthly?month=2027-03&product=lathe-200"))["complaints"]!["received"]!.GetValue<int>());

        // The half year (March and April here).
        var half = await JsonAsync("/api/reports/semiannual?from=2027-03&to=2027-04");
        Assert.Equal(6, half["complaints"]!["received"]!.GetValue<int>());
        Assert.Equal(3, Counts(half["complaints"]!["byChannel"]!)["phone"]);
        // Products: CNC-850 ×3 (C1, C2, C6), LATHE-200 ×2, the formula ×1 of 6.
        Assert.Equal([("CNC-850", 3, 50.0m, 50.0m), ("LATHE-200", 2, 33.3m, 83.3m), (Formula, 1, 16.7m, 100.0m)], Pareto(half["products"]!));
        // Parts: P-1001 ×2, P-2002 ×2 (ties by name), P-3003, P-5005.
        Assert.Equal([("P-1001", 2, 33.3m, 33.3m), ("P-2002", 2, 33.3m, 66.7m), ("P-3003", 1, 16.7m, 83.3m), ("P-5005", 1, 16.7m, 100.0m)], Pareto(half["parts"]!));
        var repeat = Assert.Single(half["repeatCustomers"]!.AsArray())!;
        Assert.Equal(("甲方重工", 2), (repeat["customer"]!.GetValue<string>(), repeat["complaints"]!.GetValue<int>()));
        var repeatProduct = Assert.Single(half["repeatCustomerProducts"]!.AsArray())!;
        Assert.Equal(("CNC-850", $"{c1.Number} {c2.Number}"), (repeatProduct["product"]!.GetValue<string>(), string.Join(' ', repeatProduct["numbers"]!.AsArray().Select(n => n!.GetValue<string>()))));
        Assert.Equal((2, 1, 0, 0), (half["capas"]!["opened"]!.GetValue<int>(), half["capas"]!["closed"]!.GetValue<int>(), half["capas"]!["verifiedEffective"]!.GetValue<int>(), half["capas"]!["verifiedNotEffective"]!.GetValue<int>()));
        var returns = half["returns"]!;
        Assert.Equal((1, 1, 0, 10, 2), (returns["orders"]!.GetValue<int>(), returns["returns"]!.GetValue<int>(), returns["exchanges"]!.GetValue<int>(), returns["unitsReturned"]!.GetValue<int>(), returns["unitsDefective"]!.GetValue<int>()));
        var refund = Assert.Single(returns["refundsPaid"]!.AsArray())!;
        Assert.Equal(("CNY", 1200.00m), (refund["currency"]!.GetValue<string>(), refund["amount"]!.GetValue<decimal>()));
        // The trend: 12 months to April 2027; March has 5 (arrival 50 %, median resolution 5 h), April 1.
        var trend = half["trend"]!.AsArray();
        Assert.Equal(12, trend.Count);
        Assert.Equal(("2026-05", 0), (trend[0]!["month"]!.GetValue<string>(), trend[0]!["received"]!.GetValue<int>()));
        Assert.Equal(("2027-03", 5, 50.0m, 5m), (trend[10]!["month"]!.GetValue<string>(), trend[10]!["received"]!.GetValue<int>(), trend[10]!["arrivalOnTimePercent"]!.GetValue<decimal>(), trend[10]!["medianResolutionHours"]!.GetValue<decimal>()));
        Assert.Equal(("2027-04", 1), (trend[11]!["month"]!.GetValue<string>(), trend[11]!["received"]!.GetValue<int>()));

        // The CSV opens in Excel: a byte-order mark, Chinese intact, the formula shown, not run.
        var csv = await _supervisor.GetAsync("/api/reports/semiannual?from=2027-03&to=2027-04&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("售后服务半年度统计 / Semi-annual after-sales statistics,2027-03 – 2027-04", text);
        Assert.Contains("甲方重工", text);
        Assert.Contains("\r\n3,'" + Formula + ",1,16.7,100.0\r\n", text); // rank 3 of the products' Pareto, behind an apostrophe
        Assert.DoesNotContain("," + Formula, text);
        var monthlyCsv = Encoding.UTF8.GetString(await (await _supervisor.GetAsync("/api/reports/monthly?month=2027-03&format=csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains("到场及时率 % / Arrival on time %,50.0", monthlyCsv);

        // The printable page: its charts drawn on the server, inline PNGs of some size; nothing fetched from elsewhere.
        foreach (var (url, charts, showsProducts) in new[] { ("/api/reports/monthly?month=2027-03&format=html", 2, false), ("/api/reports/semiannual?from=2027-03&to=2027-04&format=html", 3, true) })
        {
            var page = await _supervisor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
            Assert.Contains("img-src data:", page.Headers.GetValues("Content-Security-Policy").Single());
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("https://", html);
            Assert.DoesNotContain("<script", html);
            var images = Images().Matches(html).Select(x => Convert.FromBase64String(x.Groups[1].Value)).ToList();
            Assert.Equal(charts, images.Count);
            Assert.All(images, png =>
            {
                Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
                Assert.True(png.Length > 8_000, $"a chart of {png.Length} bytes");
            });
            Assert.Contains("服务监督报告", html.Replace("售后服务半年度统计", "服务监督报告", StringComparison.Ordinal));
            if (showsProducts)
            {
                Assert.Contains("<td>" + TextOutput.Html(Formula) + "</td>", html);
            }
        }

        // The stored March report is the GB/T 27922 evidence "monthly supervision reports": 1 of the 2 months over.
        var assessor = app.CreateClient("u-pj", "评价员陈工", Roles.Assessor);
        var assessment = await RecordClient.CreateAsync(assessor, "/api/assessments", "assessment", new { title = "2027年3-4月", from = "202703", to = "202704" });
        var evidence = assessment.Record["systemEvidence"]!.AsArray().Single(f => f!["item"]!.GetValue<string>() == "supervision.monthlyReports")!;
        Assert.Equal((true, 2, 1), (evidence["hasData"]!.GetValue<bool>(), evidence["sampled"]!.GetValue<int>(), evidence["passed"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("/api/reports/monthly", "month")]
    [InlineData("/api/reports/monthly?month=2027-13", "month")]
    [InlineData("/api/reports/monthly?month=2027-03&format=pdf", "format")]
    [InlineData("/api/reports/monthly?month=2027-03&department=sales", "department")]
    [InlineData("/api/reports/monthly?month=2027-03&grade=gold", "grade")]
    [InlineData("/api/reports/semiannual", "half")]
    [InlineData("/api/reports/semiannual?half=2027-H3", "half")]
    [InlineData("/api/reports/semiannual?from=2027-06&to=2027-01", "to")]
    [InlineData("/api/reports/semiannual?from=2024-01&to=2027-01", "to")]
    public async Task APeriodOrFilterThatIsNotOneIsRefusedNamingTheField(string url, string field)
    {
        var response = await _supervisor.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]![field]);
    }

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex Images();

    private async Task<JsonNode> JsonAsync(string url)
    {
        var response = await _supervisor.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<ComplaintClient> TakeAsync(object intake) => await (await ComplaintClient.TakeAsync(_http, intake)).RoutedAsync();

    private async Task<string> CustomerAsync(string name, string grade)
    {
        var created = await _http.PostJsonAsync("/api/customers", new { name, province = "江苏", grade, gradeReason = "年采购额大" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    private static object Intake(string channel, string product, string part, string? customer = null, string? customerId = null) => new
    {
        kind = "complaint",
        channel,
        customer = customerId is not null ? (object)new { customerId, contact = "李工", phone = "13800000000" } : new { name = customer, contact = "李工", phone = "13800000000", province = "江苏" },
        product,
        orderNumber = "PO-" + part,
        partNumber = part,
        shippingDate = "2026-09-01",
        quantity = 10,
        defectiveQuantity = 2,
        customerDemand = "尽快处理",
        description = "设备故障",
        takenBy = new { id = "u-wang", name = "王芳" },
    };

    private static object Capa(string complaint, bool actionNeeded) => new
    {
        title = "轴承早期磨损",
        problem = "同一料号轴承磨损",
        complaints = new[] { complaint },
        decisions = new
        {
            causeAnalysis = new { needed = true, record = "需查明原因" },
            action = new { needed = actionNeeded, record = actionNeeded ? "需要纠正" : "个别现象, 持续改进" },
            effectConfirmation = new { needed = true },
        },
    };

    private static Dictionary<string, int> Counts(JsonNode counts) =>
        counts.AsArray().ToDictionary(c => c!["code"]!.GetValue<string>(), c => c!["count"]!.GetValue<int>());

    private static (int, decimal?, decimal?) Durations(JsonNode d) =>
        (d["count"]!.GetValue<int>(), d["medianHours"]?.GetValue<decimal>(), d["p90Hours"]?.GetValue<decimal>());

    private static (string, int, decimal, decimal)[] Pareto(JsonNode rows) =>
        [.. rows.AsArray().Select(r => (r!["name"]!.GetValue<string>(), r["complaints"]!.GetValue<int>(), r["percent"]!.GetValue<decimal>(), r["cumulativePercent"]!.GetValue<decimal>()))];
}

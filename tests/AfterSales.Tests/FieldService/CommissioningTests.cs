using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Attachments;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.FieldService;

/// <summary>Installation and commissioning (安装调试) from planning to acceptance and its revisit, with the app's clock moved by the test.</summary>
public class CommissioningTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static async Task<(JsonNode Job, string ETag)> DoAsync(HttpClient http, string id, string action, object body, string etag, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/commissioning/{id}/{action}") { Content = JsonContent.Create(body, options: Api.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action} answered {(int)response.StatusCode}: {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag?.Tag ?? etag);
    }

    private static JsonNode OpenStep(JsonNode job) => job["job"]!["steps"]!.AsArray().Single(s => s!["completedAt"] is null)!;

    [Fact]
    public async Task AJobIsCheckedStartedAcceptedWithTheSignedFormAndRevisitedWithinAWeek()
    {
        var planner = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
        var technician = app.CreateClient("t-qian", "钱工", Roles.Technician);
        var start = app.Clock.GetUtcNow().AddDays(2);
        var opened = await planner.PostJsonAsync("/api/commissioning", new
        {
            customerName = "无锡精密机床厂", product = "CNC-850 生产线", orderNumber = "PO-2026-118", plannedStart = start,
            technicians = new[] { new { id = "t-qian", name = "钱工" }, new { id = "t-zhao", name = "赵工" } },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var job = await opened.ReadJsonAsync();
        var id = job["job"]!["id"]!.GetValue<string>();
        var etag = opened.Headers.ETag!.Tag;
        // 5–7 days: due seven days after the planned start.
        Assert.Equal(start.AddDays(7), OpenStep(job)["dueAt"]!.GetValue<DateTimeOffset>());

        // Nothing is done on a site not checked; a site not ready keeps the job planned.
        await DoAsync(technician, id, "progress", new { note = "开始安装" }, etag, HttpStatusCode.Conflict);
        (job, etag) = await DoAsync(technician, id, "readiness", new { ready = false, note = "地基未干" }, etag);
        Assert.Equal("planned", job["job"]!["stage"]!.GetValue<string>());
        app.Clock.Advance(TimeSpan.FromDays(3));
        (job, etag) = await DoAsync(technician, id, "readiness", new { ready = true, note = "水电气到位" }, etag);
        Assert.Equal("inProgress", job["job"]!["stage"]!.GetValue<string>());
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), OpenStep(job)["dueAt"]!.GetValue<DateTimeOffset>());

        foreach (var day in new[] { "第1天: 设备就位, 找平", "第2天: 电气接线", "第3天: 空载调试" })
        {
            (job, etag) = await DoAsync(technician, id, "progress", new { note = day }, etag);
            app.Clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(3, job["job"]!["progress"]!.AsArray().Count);

        var notAttached = await DoAsync(technician, id, "acceptance", new { result = "acceptedWithOpenPoints", customerRepresentative = "周厂长", signedScan = "AT00ff" }, etag, HttpStatusCode.BadRequest);
        Assert.NotNull(notAttached.Job["errors"]!["openPoints"]);
        Assert.NotNull(notAttached.Job["errors"]!["signedScan"]);
        var scan = await AttachmentApiTests.AttachToAsync(technician, "commissioning", id, "验收单_签字.pdf",
            new ByteArrayContent([.. GeneratedFile.Pdf, .. "1 0 obj"u8]) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } });
        Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
        var scanId = (await scan.ReadJsonAsync())["id"]!.GetValue<string>();
        (job, etag) = await DoAsync(technician, id, "acceptance",
            new { result = "acceptedWithOpenPoints", openPoints = "操作培训下周补做", customerRepresentative = "周厂长", signedScan = scanId }, etag);

        Assert.Equal("accepted", job["job"]!["stage"]!.GetValue<string>());
        var revisit = OpenStep(job);
        Assert.Equal("revisit", revisit["kind"]!.GetValue<string>());
        Assert.Equal("marketing", revisit["department"]!.GetValue<string>());
        Assert.Equal(app.Clock.GetUtcNow().AddDays(7), revisit["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.True(job["job"]!["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "commissioning")!["onTime"]!.GetValue<bool>());

        // The revisit is marketing's, not the technician's.
        await DoAsync(technician, id, "revisit", new { note = "x" }, etag, HttpStatusCode.Forbidden);
        (job, _) = await DoAsync(planner, id, "revisit", new { note = "客户满意, 培训已约" }, etag);
        Assert.Equal("closed", job["job"]!["stage"]!.GetValue<string>());
        Assert.DoesNotContain(job["job"]!["steps"]!.AsArray(), s => s!["completedAt"] is null);
    }

    [Fact]
    public async Task PlanningNamesWhatIsMissingAndStrangersDoNotSeeTheJob()
    {
        var planner = app.CreateClient("u-sun", "孙销售", Roles.Marketing);

        var incomplete = await planner.PostJsonAsync("/api/commissioning", new { customerName = "无锡精密机床厂", technicians = new[] { new { id = "a", name = "a" }, new { id = "b", name = "b" }, new { id = "c", name = "c" } } });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equivalent(new[] { "product", "plannedStart", "technicians" }, (await incomplete.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList());

        var opened = await planner.PostJsonAsync("/api/commissioning", new
        {
            customerName = "常熟纺机", product = "GL-200", plannedStart = app.Clock.GetUtcNow().AddDays(1), technicians = new[] { new { id = "t-qian", name = "钱工" } },
        });
        var id = (await opened.ReadJsonAsync())["job"]!["id"]!.GetValue<string>();
        var stranger = app.CreateClient("t-other", "孙工", Roles.Technician);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/commissioning/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/attachments/commissioning/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient("t-qian", "钱工", Roles.Technician).GetAsync($"/api/commissioning/{id}")).StatusCode);
    }

    private static async Task<JsonArray> ListAsync(HttpClient http, string query) =>
        (await (await http.GetAsync($"/api/commissioning?{query}")).ReadJsonAsync())["items"]!.AsArray();

    [Fact]
    public async Task JobsAreListedByStageAndByEachOfTheirTechnicians()
    {
        var planner = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (firstId, secondId) = ($"t-a-{suffix}", $"t-b-{suffix}");
        var opened = await planner.PostJsonAsync("/api/commissioning", new
        {
            customerName = "苏州精工", product = "VMC-650", plannedStart = app.Clock.GetUtcNow().AddDays(1),
            technicians = new[] { new { id = firstId, name = "甲工" }, new { id = secondId, name = "乙工" } },
        });
        var id = (await opened.ReadJsonAsync())["job"]!["id"]!.GetValue<string>();
        var second = app.CreateClient(secondId, "乙工", Roles.Technician);

        // Both technicians see it in their own list; a technician may not list someone else's or a whole stage.
        await Poll.UntilAsync(() => ListAsync(second, $"technicianId={secondId}"), l => l.Any(j => j!["id"]!.GetValue<string>() == id), what: "the job in the second technician's list");
        await Poll.UntilAsync(() => ListAsync(planner, $"technicianId={firstId}&stage=planned"), l => l.Count == 1, what: "the job in the first technician's planned list");
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/api/commissioning?technicianId={firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync("/api/commissioning?stage=planned")).StatusCode);
        var bad = await planner.GetAsync("/api/commissioning?stage=done");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.ReadJsonAsync())["errors"]!["stage"]);
        await Poll.UntilAsync(() => ListAsync(planner, "stage=planned&pageSize=200"), l => l.Any(j => j!["id"]!.GetValue<string>() == id), what: "the job among the planned");

        // Started: it moves from the planned list to the one in progress.
        await DoAsync(second, id, "readiness", new { ready = true, note = "现场具备条件" }, opened.Headers.ETag!.Tag);
        await Poll.UntilAsync(() => ListAsync(planner, "stage=inProgress&pageSize=200"), l => l.Any(j => j!["id"]!.GetValue<string>() == id), what: "the job among those in progress");
        await Poll.UntilAsync(() => ListAsync(planner, "stage=planned&pageSize=200"), l => l.All(j => j!["id"]!.GetValue<string>() != id), what: "the job to leave the planned");
        Assert.Equal("inProgress", Assert.Single(await ListAsync(second, $"technicianId={secondId}"))!["stage"]!.GetValue<string>());
    }
}

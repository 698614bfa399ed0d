using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Attachments;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.FieldService;

/// <summary>
/// On-site complaints from the dispatch to the customer's verification on the service record
/// card, through the HTTP API with the app's clock moved by the test: the arrival deadline in and
/// out of the home province, a card saved offline judged by the arrival typed, two technicians,
/// and a major problem through its first visit, the leader's approval, the repair and the report.
/// </summary>
public class VisitJourneyTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static JsonObject Intake(string customer, string province) =>
        System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: customer, province: province), Api.Options)!.AsObject();

    private static async Task<(JsonNode Body, string ETag)> SendAsync(HttpClient client, HttpMethod method, string url, object body, string etag,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: Api.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url} answered {(int)response.StatusCode}: {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag?.Tag ?? etag);
    }

    private static Task<JsonArray> MineAsync(HttpClient technician, Func<JsonArray, bool> until, string what) =>
        Poll.UntilAsync(async () => (await (await technician.GetAsync("/api/visits/mine")).ReadJsonAsync()).AsArray(), until, what: what);

    private static async Task<string> SignedCardAsync(HttpClient technician, string visitId)
    {
        var scan = await AttachmentApiTests.AttachToAsync(technician, "visit", visitId, "服务记录卡_签字.png",
            new ByteArrayContent([.. GeneratedFile.Png, 1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
        return (await scan.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("江苏", 24, "inProvince")]
    [InlineData("浙江省", 48, "outOfProvince")]
    public async Task AGeneralProblemFromDispatchToTheCustomersVerification(string province, int hours, string rule)
    {
        var http = app.CreateClient();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (zhaoId, qianId) = ($"t-zhao-{suffix}", $"t-qian-{suffix}");
        var c = await (await ComplaintClient.TakeAsync(http, Intake($"常州机械{suffix}", province))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "主轴异响, 需上门" });
        var dispatchedAt = app.Clock.GetUtcNow();
        await c.DoAsync("dispatch", new { technician = new { id = zhaoId, name = "赵工" } });
        Assert.Equal(rule, c.Last["arrivalPromise"]!["rule"]!.GetValue<string>());
        await c.InInboxAsync("marketing", "arrivalPromise");

        var zhao = app.CreateClient(zhaoId, "赵工", Roles.Technician);
        var id = Assert.Single(await MineAsync(zhao, l => l.Count > 0, "the visit in the technician's list"))!["id"]!.GetValue<string>();
        var lead = app.CreateClient("u-lead", "技术中心", Roles.Technical);
        var read = await lead.GetAsync($"/api/visits/{id}");
        var visit = (await read.ReadJsonAsync())["visit"]!;
        Assert.Equal(dispatchedAt.AddHours(hours), visit["arrivalDueAt"]!.GetValue<DateTimeOffset>());

        // A second technician: the visit is in both technicians' own lists.
        var (_, etag) = await SendAsync(lead, HttpMethod.Post, $"/api/visits/{id}/technicians", new { technician = new { id = qianId, name = "钱工" } }, read.Headers.ETag!.Tag);
        var qian = app.CreateClient(qianId, "钱工", Roles.Technician);
        Assert.Equal(id, Assert.Single(await MineAsync(qian, l => l.Count > 0, "the visit in the second technician's list"))!["id"]!.GetValue<string>());
        // The complaint's visits, for marketing following it.
        var marketing = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
        var ofComplaint = await Poll.UntilAsync(async () => (await (await marketing.GetAsync($"/api/visits?complaintNumber={c.Number}")).ReadJsonAsync())["items"]!.AsArray(),
            l => l.Count == 1 && l[0]!["technicianIds"]!.AsArray().Count == 2, what: "the complaint's visit with both technicians");
        Assert.Equal(id, ofComplaint[0]!["id"]!.GetValue<string>());

        // An hour before the deadline nothing is late; two hours after it the visit leads the list as overdue and the promise escalates.
        app.Clock.Advance(TimeSpan.FromHours(hours - 1));
        Assert.False((await MineAsync(zhao, l => l.Count == 1, "the visit still listed"))[0]!["overdue"]!.GetValue<bool>());
        app.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True((await MineAsync(zhao, l => l.Count == 1, "the visit still listed"))[0]!["overdue"]!.GetValue<bool>());
        await app.RunTimerAsync("EscalateOverdueSteps");
        var escalated = (await c.TimelineAsync()).Where(e => e!["type"]!.GetValue<string>() == "StepEscalated").Select(e => e!["data"]!["stepKind"]!.GetValue<string>());
        Assert.Contains("arrivalPromise", escalated);

        // The card was filled offline: the arrival typed (30 minutes before the deadline) is what the customer's promise is judged by.
        var now = app.Clock.GetUtcNow();
        etag = (await zhao.GetAsync($"/api/visits/{id}")).Headers.ETag!.Tag;
        var (refused, _) = await SendAsync(zhao, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = dispatchedAt.AddMinutes(-5) }, etag, HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["arrivedAt"]);
        (refused, _) = await SendAsync(zhao, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = now.AddHours(1) }, etag, HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["arrivedAt"]);
        var arrived = dispatchedAt.AddHours(hours).AddMinutes(-30);
        (_, etag) = await SendAsync(zhao, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = arrived, observations = "主轴轴承磨损" }, etag);
        var onSite = await Poll.UntilAsync(c.GetAsync, x => x["arrivalPromise"]?["arrivedAt"] is not null, what: "the complaint to hear of the arrival");
        Assert.Equal(arrived, onSite["arrivalPromise"]!["arrivedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(onSite["arrivalPromise"]!["met"]!.GetValue<bool>());

        // The customer verifies the effect and signs: the complaint's on-site work is resolved, the confirmation and revisit follow.
        var signed = await SignedCardAsync(zhao, id);
        (_, etag) = await SendAsync(zhao, HttpMethod.Put, $"/api/visits/{id}/card", new
        {
            departedAt = now, workDone = "更换轴承, 试机正常", inWarranty = true, customerRepresentative = "李工", effectVerified = true, signedCard = signed,
        }, etag);
        await SendAsync(zhao, HttpMethod.Post, $"/api/visits/{id}/completion", new { }, etag);
        var resolved = await Poll.UntilAsync(c.GetAsync, x => x["state"]!.GetValue<string>() == "resolved", what: "the verified visit to resolve the complaint");
        Assert.Contains(id, resolved["resolution"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(resolved["steps"]!.AsArray(), s => s!["kind"]!.GetValue<string>() == "revisit" && s["completedAt"] is null);
        await MineAsync(qian, l => l.Count == 0, "the completed visit to leave the second technician's list");
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
    }

    [Fact]
    public async Task AMajorProblemWaitsForTheLeaderRepairsOnTheSameVisitAndClosesOnlyAfterTheReport()
    {
        var http = app.CreateClient();
        var techId = "t-wu-" + Guid.NewGuid().ToString("N")[..6];
        var c = await (await ComplaintClient.TakeAsync(http, Intake("常州重工", "江苏"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "批次性焊缝裂纹, 影响安全" });
        await c.DoAsync("dispatch", new { technician = new { id = techId, name = "吴工" } });
        var tech = app.CreateClient(techId, "吴工", Roles.Technician);
        var id = Assert.Single(await MineAsync(tech, l => l.Count > 0, "the visit in the technician's list"))!["id"]!.GetValue<string>();

        app.Clock.Advance(TimeSpan.FromHours(6));
        var etag = (await tech.GetAsync($"/api/visits/{id}")).Headers.ETag!.Tag;
        (_, etag) = await SendAsync(tech, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = app.Clock.GetUtcNow().AddMinutes(-10), observations = "焊缝裂纹, 同批次 12 台" }, etag);
        // On site, a major problem is only looked at: the findings go to the leader.
        await Poll.UntilAsync(c.GetAsync, x => x["steps"]!.AsArray().Any(s => s!["kind"]!.GetValue<string>() == "onSiteService" && s["stage"]?.GetValue<string>() == "inspection"),
            what: "the complaint's visit in inspection");
        await c.DoAsync("findings", new { findings = "焊缝裂纹, 同批次 12 台" });
        Assert.Equal("awaitingApproval", c.State);

        app.Clock.Advance(TimeSpan.FromHours(4));
        await c.DoAsync("approval", new { approved = true });
        Assert.Equal("inProgress", c.State);

        // The repair on the same visit, verified by the customer: the complaint is resolved, but cannot close before the report.
        app.Clock.Advance(TimeSpan.FromHours(20));
        var signed = await SignedCardAsync(tech, id);
        (_, etag) = await SendAsync(tech, HttpMethod.Put, $"/api/visits/{id}/card", new
        {
            departedAt = app.Clock.GetUtcNow(), analysis = "焊接电流偏低, 熔深不足", workDone = "现场补焊 12 台, 100% 探伤", inWarranty = true,
            customerRepresentative = "周经理", effectVerified = true, signedCard = signed,
        }, etag);
        await SendAsync(tech, HttpMethod.Post, $"/api/visits/{id}/completion", new { }, etag);
        var resolved = await Poll.UntilAsync(c.GetAsync, x => x["state"]!.GetValue<string>() == "resolved", what: "the verified repair to resolve the complaint");
        Assert.Contains("熔深不足", resolved["serviceReport"]!.GetValue<string>(), StringComparison.Ordinal);

        var early = await c.SendAsync("confirmation", new { satisfied = true }, c.ETag);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("售后服务报告", (await early.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await ServiceReportTests.FileAndReceiveAsync(http, c);
        await c.GetAsync();
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
    }

    [Fact]
    public async Task AVisitCompletedWithoutTheCustomersVerificationLeavesTheComplaintsWorkOpen()
    {
        var http = app.CreateClient();
        var techId = "t-he-" + Guid.NewGuid().ToString("N")[..6];
        var c = await (await ComplaintClient.TakeAsync(http, Intake("无锡机械", "江苏"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "异响" });
        await c.DoAsync("dispatch", new { technician = new { id = techId, name = "何工" } });
        var tech = app.CreateClient(techId, "何工", Roles.Technician);
        var id = Assert.Single(await MineAsync(tech, l => l.Count > 0, "the visit in the technician's list"))!["id"]!.GetValue<string>();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var etag = (await tech.GetAsync($"/api/visits/{id}")).Headers.ETag!.Tag;
        var signed = await SignedCardAsync(tech, id);
        var now = app.Clock.GetUtcNow();
        (_, etag) = await SendAsync(tech, HttpMethod.Put, $"/api/visits/{id}/card", new
        {
            arrivedAt = now.AddHours(-1), departedAt = now, observations = "异响", workDone = "调整, 未根除", inWarranty = true,
            customerRepresentative = "李工", effectVerified = false, signedCard = signed,
        }, etag);
        var (done, _) = await SendAsync(tech, HttpMethod.Post, $"/api/visits/{id}/completion", new { }, etag);
        Assert.Equal("completed", done["visit"]!["stage"]!.GetValue<string>());

        // The arrival is told; the work stays with the technical center (the subscriber's work is idempotent: the visits' lists settle, the complaint stays in progress).
        var after = await Poll.UntilAsync(c.GetAsync, x => x["arrivalPromise"]?["arrivedAt"] is not null, what: "the arrival told");
        await MineAsync(tech, l => l.Count == 0, "the completed visit to leave the list");
        Assert.Equal("inProgress", (await c.GetAsync())["state"]!.GetValue<string>());
        Assert.Equal("service", after["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "onSiteService" && s["completedAt"] is null)!["stage"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;
using AfterSales.Tests.StaffDirectory;

namespace AfterSales.Tests.Complaints;

/// <summary>An app whose clock the test moves.</summary>
public sealed class ClockedApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    protected override bool UseFakeClock => true;
}

/// <summary>Each handling path from intake to closed, through the HTTP API on Azurite.</summary>
public class LifecycleApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private static readonly object Technician = new { technician = new { id = "t-zhao", name = "赵师傅" } };

    [Fact]
    public async Task NotAQualityProblemIsAnsweredRemotelyAndClosed()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "客户未按说明书操作" });
        Assert.Equal("marketing", c.Last["steps"]![1]!["department"]!.GetValue<string>());
        await c.DoAsync("resolution", new { summary = "电话指导正确操作" });
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
    }

    [Fact]
    public async Task AQualityProblemSolvedRemotelyGoesThroughQuality()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "qualityRemote", analysis = "参数设置缺陷" });
        await InboxContainsAsync("quality", c.Number);
        await c.DoAsync("work/start", new { note = "已联系客户" });
        await c.DoAsync("resolution", new { summary = "远程下发新参数" });
        Assert.Equal("resolved", c.State);
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
        await InboxLacksAsync("quality", c.Number);
    }

    [Fact]
    public async Task AGeneralProblemIsFixedOnSiteWithARevisit()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承磨损" });
        await c.DoAsync("dispatch", Technician);
        var onSite = c.Last["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == c.OpenStep("onSiteService"))!;
        Assert.Equal(app.Clock.GetUtcNow().AddHours(24), onSite["dueAt"]!.GetValue<DateTimeOffset>());
        await c.DoAsync("arrival");
        await c.DoAsync("resolution", new { summary = "更换轴承, 客户验证正常" });
        List<string> Steps(JsonNode page) => [.. page["items"]!.AsArray()
            .Where(i => i!["recordId"]!.GetValue<string>() == c.Number).Select(i => i!["step"]!.GetValue<string>())];
        await Poll.UntilAsync(
            async () => Steps(await (await _http.GetAsync("/api/departments/marketing/inbox?pageSize=200")).ReadJsonAsync()),
            steps => steps.SequenceEqual(["customerConfirmation", "revisit"]), what: "confirmation and revisit in marketing's inbox");
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
        await c.DoAsync("revisit", new { note = "客户满意" });
        Assert.DoesNotContain(c.Last["steps"]!.AsArray(), s => s!["completedAt"] is null);
    }

    [Fact]
    public async Task AMajorProblemIsVisitedFirstAndRepairedOnlyAfterManagementApproves()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "杭州重机"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "批次性裂纹, 影响安全" });
        Assert.Equal("inProgress", c.State);
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" }, siteProvince = "浙江" });
        Assert.Equal(app.Clock.GetUtcNow().AddHours(48), c.Last["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "onSiteService")!["dueAt"]!.GetValue<DateTimeOffset>());
        await c.DoAsync("arrival");

        // On site, before the leader's decision: findings, not repairs.
        var early = await c.SendAsync("resolution", new { summary = "已返工", serviceReport = "报告" }, c.ETag);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.ReadJsonAsync();
        Assert.Contains(problem["allowedActions"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "recordFindings");
        await c.DoAsync("findings", new { findings = "焊缝裂纹, 同批次 12 台" });
        Assert.Equal("awaitingApproval", c.State);
        await InboxContainsAsync("management", c.Number);
        Assert.Equal(HttpStatusCode.Conflict, (await c.SendAsync("resolution", new { summary = "已返工", serviceReport = "报告" }, c.ETag)).StatusCode);

        await c.DoAsync("approval", new { approved = true, reason = "同意, 尽快处理" });
        Assert.Equal("service", c.Last["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "onSiteService" && s["completedAt"] is null)!["stage"]!.GetValue<string>());
        await c.DoAsync("resolution", new { summary = "现场返工", serviceReport = "售后服务报告: 焊缝裂纹已返工" });
        Assert.Equal("售后服务报告: 焊缝裂纹已返工", c.Last["serviceReport"]!.GetValue<string>());
        await FieldService.ServiceReportTests.FileAndReceiveAsync(_http, c);
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
    }

    [Fact]
    public async Task AReturnIsWorkedByProcurement()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "returnExchange", analysis = "整批外观不良" });
        await InboxContainsAsync("procurement", c.Number);
        await c.DoAsync("work/start");
        await c.DoAsync("resolution", new { summary = "已换货" });
        await c.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", c.State);
        var types = (await c.TimelineAsync()).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["Received", "RoutedToDepartment", "StepCompleted", "Triaged", "WorkStarted", "StepCompleted", "Resolved", "StepCompleted", "Closed"], types);
    }

    [Fact]
    public async Task AStaleWriteIsRefusedAndNothingIsLost()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        var seen = c.ETag;
        await c.DoAsync("triage", new { path = "qualityRemote", analysis = "第一位分析员" });
        var stale = await c.SendAsync("triage/revision", new { path = "returnExchange", analysis = "第二位", reason = "不同意见" }, seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var now = await c.GetAsync();
        Assert.Equal("qualityRemote", now["path"]!.GetValue<string>());

        var missing = await c.SendAsync("work/start", null, ifMatch: null);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
    }

    [Fact]
    public async Task TimelineRecordsWhoWhenWhatAndWhy()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "使用不当" });
        await c.DoAsync("triage/revision", new { path = "qualityRemote", analysis = "复测有缺陷", reason = "质量部复核" });
        var timeline = await c.TimelineAsync();
        Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e!["sequence"]!.GetValue<int>()));
        var revised = timeline.Last()!;
        Assert.Equal("TriageRevised", revised["type"]!.GetValue<string>());
        Assert.Equal("质量部复核", revised["reason"]!.GetValue<string>());
        Assert.Equal("notQualityProblem", revised["data"]!["fromPath"]!.GetValue<string>());
        Assert.NotNull(revised["by"]!["id"]);
        Assert.NotNull(revised["at"]);
    }

    [Fact]
    public async Task PausedStepsStopTheClockAndOverdueStepsEscalateOnce()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "逾期测试客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "qualityRemote", analysis = "待分析" });
        var step = c.OpenStep("remoteSolution");
        await c.DoAsync($"steps/{step}/pause", new { reason = "waitingOnCustomer", note = "等客户寄样品" });
        var paused = await InboxItemAsync("quality", c.Number, i => i["paused"]!.GetValue<bool>());
        Assert.True(paused["paused"]!.GetValue<bool>());
        var dueBefore = paused["dueAt"]!.GetValue<DateTimeOffset>();

        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.RunTimerAsync("EscalateOverdueSteps");
        Assert.DoesNotContain(await c.TimelineAsync(), e => e!["type"]!.GetValue<string>() == "StepEscalated");

        await c.DoAsync($"steps/{step}/resume");
        var resumed = await InboxItemAsync("quality", c.Number, i => !i["paused"]!.GetValue<bool>());
        Assert.Equal(dueBefore + TimeSpan.FromDays(3), resumed["dueAt"]!.GetValue<DateTimeOffset>());

        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.RunTimerAsync("EscalateOverdueSteps");
        await app.RunTimerAsync("EscalateOverdueSteps");
        var escalations = (await c.TimelineAsync()).Where(e => e!["type"]!.GetValue<string>() == "StepEscalated").ToList();
        Assert.Equal("supervisor", Assert.Single(escalations)!["data"]!["level"]!.GetValue<string>());
        Assert.True((await InboxItemAsync("quality", c.Number))["overdue"]!.GetValue<bool>());

        app.Clock.Advance(TimeSpan.FromHours(24));
        await app.RunTimerAsync("EscalateOverdueSteps");
        escalations = [.. (await c.TimelineAsync()).Where(e => e!["type"]!.GetValue<string>() == "StepEscalated")];
        Assert.Equal(["supervisor", "management"], escalations.Select(e => e!["data"]!["level"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ATransferredStepChangesInboxButKeepsItsFirstContactOwner()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "qualityRemote", analysis = "需测试" });
        var step = c.OpenStep("remoteSolution");
        await c.DoAsync($"steps/{step}/transfer", new { department = "technical", note = "请技术中心协助测试" });

        var item = await InboxItemAsync("technical", c.Number);
        Assert.Equal("王芳", item["owner"]!.GetValue<string>());
        await InboxLacksAsync("quality", c.Number);
        Assert.Equal("u-wang", (await c.GetAsync())["firstContactOwner"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AClosedComplaintReopensWithinGraceAndLaterGetsALinkedFollowUp()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作问题" });
        await c.DoAsync("resolution", new { summary = "已指导" });
        await c.DoAsync("confirmation", new { satisfied = true });
        await c.DoAsync("reopen", new { reason = "客户反映仍有问题" });
        Assert.Equal("awaitingTriage", c.State);
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "同前" });
        await c.DoAsync("resolution", new { summary = "再次指导" });
        await c.DoAsync("confirmation", new { satisfied = true });

        app.Clock.Advance(TimeSpan.FromDays(15));
        var late = await c.SendAsync("reopen", new { reason = "又坏了" }, c.ETag);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var followUpLink = (await late.ReadJsonAsync())["allowedActions"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "followUp")!;
        Assert.Equal($"/api/complaints/{c.Number}/follow-ups", followUpLink["href"]!.GetValue<string>());

        HttpRequestMessage FollowUp()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{c.Number}/follow-ups")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { description = "同一设备再次故障", takenBy = new { id = "u-wang", name = "王芳" } }, options: Api.Options),
            };
            request.Headers.Add("Idempotency-Key", "follow-up-" + c.Number);
            return request;
        }
        var followUp = await _http.SendAsync(FollowUp());
        Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);
        var created = await followUp.ReadJsonAsync();
        Assert.Equal(c.Number, created["followUpOf"]!.GetValue<string>());
        Assert.Contains((await c.GetAsync())["links"]!.AsArray(), l => l!.GetValue<string>() == created["number"]!.GetValue<string>());

        // The same request again (a lost answer): the same follow-up, not a second one.
        var again = await _http.SendAsync(FollowUp());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(created["number"]!.GetValue<string>(), (await again.ReadJsonAsync())["number"]!.GetValue<string>());
        Assert.Single((await c.GetAsync())["links"]!.AsArray());
    }

    [Fact]
    public async Task ARepeatedComplaintAboutTheSamePartIsFlagged()
    {
        var first = await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "重复客户甲", partNumber: "P-DUP-1", orderNumber: "PO-X1"));
        await Poll.UntilAsync(
            async () => await (await _http.GetAsync($"/api/complaints?month={first.Number[3..9]}&pageSize=200")).ReadJsonAsync(),
            page => page["items"]!.AsArray().Any(i => i!["number"]!.GetValue<string>() == first.Number), what: "the first complaint listed");
        var second = await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "重复客户甲", partNumber: "P-DUP-1", orderNumber: "PO-X2"));
        Assert.Equal([first.Number], second.Last["possibleDuplicates"]!.AsArray().Select(n => n!.GetValue<string>()));
        var other = await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "别的客户", partNumber: "P-DUP-1"));
        Assert.Empty(other.Last["possibleDuplicates"]!.AsArray());
    }

    [Fact]
    public async Task WhoeverRecordedItForAColleagueCanFollowItThoughItIsNotTheirDepartments()
    {
        // A procurement clerk writes down a complaint a customer made to a colleague at the warehouse.
        await StaffDirectoryTests.EnsureMemberAsync(_http, "u-proc-recv", "仓库老周", "procurement");
        var clerk = app.CreateClient("u-proc-rec", "钱会计", AfterSales.Kernel.Roles.Procurement);
        var c = await ComplaintClient.TakeAsync(clerk, Api.Intake(customer: "现场代录客户", takenBy: new { id = "u-proc-recv", name = "老周" }));
        Assert.Equal("仓库老周", c.Last["firstContactOwner"]!["name"]!.GetValue<string>()); // the directory's name, not as typed
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/complaints/{c.Number}")).StatusCode);
        await new ComplaintClient(_http, c.Number, c.ETag).RoutedAsync();
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/complaints/{c.Number}")).StatusCode);

        // Another procurement clerk, who had nothing to do with it, still cannot.
        var stranger = app.CreateClient("u-proc-other", "孙会计", AfterSales.Kernel.Roles.Procurement);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/complaints/{c.Number}")).StatusCode);
    }

    [Fact]
    public async Task AColleagueRecordingForTheEmployeeWhoReceivedItIsInTheHistoryAndTheReceiverOwnsIt()
    {
        await StaffDirectoryTests.EnsureMemberAsync(_http, "u-wang", "王芳", "marketing");
        var assistant = app.CreateClient("u-assist", "销售助理小陈", AfterSales.Kernel.Roles.Marketing);
        var c = await ComplaintClient.TakeAsync(assistant, Api.Intake(customer: "代录客户"));
        Assert.Equal("u-wang", c.Last["firstContactOwner"]!["id"]!.GetValue<string>());
        Assert.Equal("u-assist", c.Last["recordedBy"]!["id"]!.GetValue<string>());
        // Once routed to marketing, the assistant's department sees it.
        await new ComplaintClient(_http, c.Number, c.ETag).RoutedAsync();
        var received = (await c.TimelineAsync())[0]!;
        Assert.Equal("u-assist", received["by"]!["id"]!.GetValue<string>());
        Assert.Equal("u-wang", received["data"]!["firstContactOwner"]!["id"]!.GetValue<string>());
    }

    /// <summary>The complaint's item in the inbox, once the inbox shows it (as <paramref name="until"/> says, when given): inboxes follow changes through the feed.</summary>
    private async Task<JsonNode> InboxItemAsync(string department, string number, Func<JsonNode, bool>? until = null)
    {
        JsonNode? Item(JsonNode page) => page["items"]!.AsArray().FirstOrDefault(i => i!["recordId"]!.GetValue<string>() == number);
        var page = await Poll.UntilAsync(
            async () => await (await _http.GetAsync($"/api/departments/{department}/inbox?pageSize=200")).ReadJsonAsync(),
            p => Item(p) is { } item && (until is null || until(item)), what: $"{number} in {department}");
        return Item(page)!;
    }

    private Task InboxContainsAsync(string department, string number) => InboxItemAsync(department, number);

    private async Task InboxLacksAsync(string department, string number)
    {
        await Poll.UntilAsync(
            async () => await (await _http.GetAsync($"/api/departments/{department}/inbox?pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().All(i => i!["recordId"]!.GetValue<string>() != number), what: $"{number} gone from {department}");
    }
}

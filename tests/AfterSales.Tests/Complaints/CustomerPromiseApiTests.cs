using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>The customer's promise through the HTTP API on Azurite, with the clock the test moves.</summary>
public class CustomerPromiseApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private static JsonObject Intake(string customer, string province = "江苏") =>
        System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: customer, province: province), Api.Options)!.AsObject();

    [Fact]
    public async Task ACallRecordedLateKeepsItsCallTimeAndThePromiseCountsFromIt()
    {
        var now = app.Clock.GetUtcNow();
        var called = now.AddHours(-20);
        var body = Intake("补录客户");
        body["receivedAt"] = called;

        var refused = await _http.PostJsonAsync("/api/complaints", body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadJsonAsync())["errors"]!["lateEntryReason"]);

        body["lateEntryReason"] = "业务员出差, 回公司后补录";
        var c = await (await ComplaintClient.TakeAsync(_http, body)).RoutedAsync();
        Assert.Equal(called, c.Last["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(now, c.Last["recordedAt"]!.GetValue<DateTimeOffset>());
        var received = (await c.TimelineAsync())[0]!;
        Assert.Equal(called, received["data"]!["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(now, received["at"]!.GetValue<DateTimeOffset>());

        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门更换轴承" });
        var promise = c.Last["arrivalPromise"]!;
        Assert.Equal(called, promise["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(called.AddHours(24), promise["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("inProvince", promise["rule"]!.GetValue<string>());
        // Dispatched now, the travel has its own 24 h; the customer still has only 4 h left.
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        Assert.Equal(called.AddHours(24), c.Last["arrivalPromise"]!["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(now.AddHours(24), c.Last["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "onSiteService")!["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData(1, "receivedAt")]       // in the future
    [InlineData(-24 * 40, "receivedAt")] // beyond the late-entry limit, reason or not
    public async Task ACallTimeOutsideSensibleBoundsIsRefused(int hoursFromNow, string field)
    {
        var body = Intake("时间错误客户");
        body["receivedAt"] = app.Clock.GetUtcNow().AddHours(hoursFromNow);
        body["lateEntryReason"] = "补录";
        var response = await _http.PostJsonAsync("/api/complaints", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]![field]);
    }

    [Fact]
    public async Task AMajorIssueOutOfProvinceWhoseStepsEachKeepTheirLimitStillMissesThePromiseToTheCustomer()
    {
        var start = app.Clock.GetUtcNow();
        var c = await (await ComplaintClient.TakeAsync(_http, Intake("温州重型机械", province: "浙江省"))).RoutedAsync();
        app.Clock.Advance(TimeSpan.FromHours(7)); // triage within its 8 h
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "批量焊缝开裂, 影响安全" });
        Assert.Equal(start.AddHours(48), c.Last["arrivalPromise"]!["dueAt"]!.GetValue<DateTimeOffset>());
        app.Clock.Advance(TimeSpan.FromHours(3)); // dispatch within its 4 h
        await c.DoAsync("dispatch", new { technician = new { id = "t-qian", name = "钱师傅" } });
        await c.InInboxAsync("marketing", "arrivalPromise");

        // Past the promise, though the technician is still within the travel's own 48 h: the promise escalates.
        app.Clock.Advance(TimeSpan.FromHours(39));
        await app.RunTimerAsync("EscalateOverdueSteps");
        var escalated = (await c.TimelineAsync()).Where(e => e!["type"]!.GetValue<string>() == "StepEscalated").Select(e => e!["data"]!["stepKind"]!.GetValue<string>());
        Assert.Equal(["arrivalPromise"], escalated);

        app.Clock.Advance(TimeSpan.FromHours(6)); // on site 45 h after dispatch, 55 h after the call
        await c.GetAsync(); // the escalation changed it: the technician's app reads it again
        await c.DoAsync("arrival");
        var promise = c.Last["arrivalPromise"]!;
        Assert.False(promise["met"]!.GetValue<bool>());
        Assert.Equal(app.Clock.GetUtcNow(), promise["arrivedAt"]!.GetValue<DateTimeOffset>());
        var arrived = (await c.TimelineAsync()).Last(e => e!["type"]!.GetValue<string>() == "ArrivedOnSite")!["data"]!;
        Assert.True(arrived["onTime"]!.GetValue<bool>());          // on time for the step
        Assert.False(arrived["promiseMet"]!.GetValue<bool>());     // late for the customer
        var steps = c.Last["steps"]!.AsArray();
        Assert.True(steps.Single(s => s!["kind"]!.GetValue<string>() == "triage")!["onTime"]!.GetValue<bool>());
        Assert.False(steps.Single(s => s!["kind"]!.GetValue<string>() == "arrivalPromise")!["onTime"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnAgreedArrivalBeyondTheHorizonFromTheCallIsRefused()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Intake("约定上门客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门" });
        var far = await c.SendAsync("dispatch", new { technician = new { id = "t-1", name = "赵" }, agreedArrivalBy = app.Clock.GetUtcNow().AddDays(31) }, c.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.NotNull((await far.ReadJsonAsync())["errors"]!["agreedArrivalBy"]);
        await c.DoAsync("dispatch", new { technician = new { id = "t-1", name = "赵" }, agreedArrivalBy = app.Clock.GetUtcNow().AddDays(6) });
        Assert.Equal("agreed", c.Last["arrivalPromise"]!["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUrgentEventIsEscalatedAtOnceAndShowsInManagementsList()
    {
        var body = Intake("紧急事件客户");
        body["urgent"] = true;
        body["urgentReason"] = "设备冒烟, 客户停产";
        var c = await (await ComplaintClient.TakeAsync(_http, body)).RoutedAsync();
        Assert.True(c.Last["urgent"]!.GetValue<bool>());
        var flagged = (await c.TimelineAsync()).Single(e => e!["type"]!.GetValue<string>() == "FlaggedUrgent")!;
        Assert.Equal(["marketing/supervisor", "management"], flagged["data"]!["escalatedTo"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("management", c.Last["steps"]![0]!["escalation"]!.GetValue<string>());

        var management = app.CreateClient("u-gm", "总经理", Roles.Management);
        var page = await Poll.UntilAsync(
            async () => await (await management.GetAsync("/api/complaints?urgent=true&pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().Any(i => i!["number"]!.GetValue<string>() == c.Number), what: $"{c.Number} in the urgent list");
        Assert.All(page["items"]!.AsArray(), i => Assert.True(i!["urgent"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task AComplaintFlaggedUrgentAtTriageEscalatesItsOpenSteps()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Intake("分析后紧急客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "存在安全隐患", urgent = true, urgentReason = "可能伤人" });
        Assert.True(c.Last["urgent"]!.GetValue<bool>());
        Assert.All(c.Last["steps"]!.AsArray().Where(s => s!["completedAt"] is null), s => Assert.Equal("management", s!["escalation"]!.GetValue<string>()));
    }
}

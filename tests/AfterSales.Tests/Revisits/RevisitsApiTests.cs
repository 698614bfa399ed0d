using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Revisits;

/// <summary>Scheduled revisits of a delivered project, opened by the daily timer, through the HTTP API with the app's clock moved by the test.</summary>
public class RevisitsApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Shanghai).DateTime);

    private static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    [Fact]
    public async Task TheTimerOpensEachScheduledRevisitOnceAndMarketingRecordsWhomItSpokeToAndWhatWasSaid()
    {
        var marketing = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
        var delivered = Today().AddMonths(-14);
        var registered = await marketing.PostJsonAsync("/api/delivered-products", new
        {
            customerName = "无锡精密机床厂", product = "CNC-850 生产线", serialNumber = "SN-2025-0917", delivered, caller = new { id = "u-sun", name = "孙销售" },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var product = await registered.ReadJsonAsync();
        // Fourteen months after delivery: the monthly year is over, the next revisit is the first quarterly one (month 15).
        Assert.Equal(delivered.AddMonths(15), product["nextRevisits"]![0]!.AsDate());
        Assert.Equal(delivered.AddMonths(18), product["nextRevisits"]![1]!.AsDate());

        // Nothing is due yet: the year of monthly revisits before registration is not opened late.
        await app.RunTimerAsync("OpenScheduledRevisits");
        Assert.Empty(await OpenRevisitsAsync(marketing));

        // The date comes; the timer runs twice (a retry, an overlap): one revisit.
        var due = delivered.AddMonths(15);
        app.Clock.Advance(StartOf(due).AddHours(1) - app.Clock.GetUtcNow());
        await app.RunTimerAsync("OpenScheduledRevisits");
        await app.RunTimerAsync("OpenScheduledRevisits");
        var open = Assert.Single(await OpenRevisitsAsync(marketing))!;
        Assert.Equal(due, open["scheduledFor"]!.AsDate());
        Assert.Equal(StartOf(due).AddDays(7), open["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("u-sun", open["assigneeId"]!.GetValue<string>());
        var id = open["id"]!.GetValue<string>();
        Assert.StartsWith($"RV-{due:yyyyMM}-", id);
        var mine = await (await marketing.GetAsync("/api/revisits?mine=true&open=true")).ReadJsonAsync();
        Assert.Equal(id, Assert.Single(mine["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Empty((await (await app.CreateClient("u-li", "李销售", Roles.Marketing).GetAsync("/api/revisits?mine=true")).ReadJsonAsync())["items"]!.AsArray());

        // It is marketing's work item like any step: in the inbox, escalated when late.
        await Poll.UntilAsync(async () => await (await marketing.GetAsync("/api/departments/marketing/inbox?pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().Any(i => i!["recordId"]!.GetValue<string>() == id), what: "the revisit in marketing's inbox");
        // Three hours late: the supervisor hears of it (management after a day).
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(2));
        await app.RunTimerAsync("EscalateOverdueSteps");
        var read = await marketing.GetAsync($"/api/revisits/{id}");
        var revisit = await read.ReadJsonAsync();
        Assert.True(revisit["overdue"]!.GetValue<bool>());
        Assert.Equal("supervisor", revisit["revisit"]!["steps"]![0]!["escalation"]!.GetValue<string>());

        // Recording needs the version read, names what is missing, and is done once.
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await marketing.PostJsonAsync($"/api/revisits/{id}/outcome", new { spokeWith = "周厂长", customerSaid = "运行稳定" })).StatusCode);
        var empty = await SendAsync(marketing, id, new { }, etag, key: null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equivalent(new[] { "spokeWith", "customerSaid" }, (await empty.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList());
        var body = new { spokeWith = "周厂长 (设备科)", customerSaid = "设备运行稳定, 希望安排一次操作培训", satisfied = true };
        var done = await SendAsync(marketing, id, body, etag, key: "rv-1");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var outcome = (await done.ReadJsonAsync())["revisit"]!;
        Assert.Equal(("周厂长 (设备科)", "设备运行稳定, 希望安排一次操作培训", "孙销售"),
            (outcome["outcome"]!["spokeWith"]!.GetValue<string>(), outcome["outcome"]!["customerSaid"]!.GetValue<string>(), outcome["outcome"]!["by"]!["name"]!.GetValue<string>()));
        Assert.False(outcome["steps"]![0]!["onTime"]!.GetValue<bool>());
        var replay = await SendAsync(marketing, id, body, etag, key: "rv-1");
        Assert.Equal((HttpStatusCode.OK, "true"), (replay.StatusCode, replay.Headers.GetValues("Idempotent-Replayed").Single()));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(marketing, id, body, done.Headers.ETag!.Tag, key: null)).StatusCode);
        Assert.Empty(await OpenRevisitsAsync(marketing));
    }

    [Fact]
    public async Task RegisteringNamesWhatIsMissingAndOnlyMarketingAndOversightRegister()
    {
        var marketing = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
        var empty = await marketing.PostJsonAsync("/api/delivered-products", new { delivered = Today().AddDays(3) });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equivalent(new[] { "customerName", "product", "delivered" }, (await empty.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList());

        var technician = app.CreateClient("t-qian", "钱工", Roles.Technician);
        Assert.Equal(HttpStatusCode.Forbidden, (await technician.PostJsonAsync("/api/delivered-products", new { customerName = "x", product = "y", delivered = Today() })).StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/delivered-products")
        {
            Content = JsonContent.Create(new { customerName = "常熟纺机", product = "GL-200", delivered = Today().AddMonths(-1) }, options: Api.Options),
        };
        request.Headers.Add("Idempotency-Key", "dp-1");
        var first = await marketing.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // Delivered a month ago today: its first monthly revisit opens with the registration.
        var product = await first.ReadJsonAsync();
        Assert.Equal(Today(), product["product"]!["openedThrough"]!.AsDate());
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/delivered-products")
        {
            Content = JsonContent.Create(new { customerName = "常熟纺机", product = "GL-200", delivered = Today().AddMonths(-1) }, options: Api.Options),
        };
        again.Headers.Add("Idempotency-Key", "dp-1");
        var second = await marketing.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(product["product"]!["id"]!.GetValue<string>(), (await second.ReadJsonAsync())["product"]!["id"]!.GetValue<string>());
        var month = await (await marketing.GetAsync($"/api/revisits?month={Today():yyyyMM}")).ReadJsonAsync();
        Assert.Single(month["items"]!.AsArray(), i => i!["customerName"]!.GetValue<string>() == "常熟纺机");
    }

    private static async Task<JsonArray> OpenRevisitsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/revisits?open=true&pageSize=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync())["items"]!.AsArray()
            .Where(i => i!["customerName"]!.GetValue<string>() == "无锡精密机床厂").Select(i => i!.DeepClone())];
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string id, object body, string etag, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/revisits/{id}/outcome") { Content = JsonContent.Create(body, options: Api.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }
}

internal static class DateNodes
{
    public static DateOnly AsDate(this JsonNode node) => DateOnly.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}

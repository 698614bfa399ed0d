using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

public class ComplaintListTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private async Task<List<JsonNode>> AllPagesAsync(string query, int pageSize)
    {
        var items = new List<JsonNode>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"/api/complaints?{query}&pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var response = await _http.GetAsync(url);
            var page = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {page.ToJsonString()}");
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            token = page["continuationToken"]?.GetValue<string>();
            Assert.True(++pages < 50, "too many pages");
        }
        while (token is not null);
        return items;
    }

    [Fact]
    public async Task ListsPageThroughEverythingAndFilterByStatePathDepartmentAndOverdue()
    {
        var taken = new List<ComplaintClient>();
        for (var i = 0; i < 5; i++)
        {
            taken.Add(await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: $"列表客户{i}", orderNumber: $"LIST-{i}"))).RoutedAsync());
        }
        await taken[0].DoAsync("triage", new { path = "returnExchange", analysis = "外观不良" });
        await taken[1].DoAsync("triage", new { path = "qualityRemote", analysis = "参数" });
        var month = taken[0].Number[3..9];

        var mine = taken.Select(t => t.Number).ToHashSet();
        List<string> Mine(List<JsonNode> items) => [.. items.Select(i => i["number"]!.GetValue<string>()).Where(mine.Contains)];

        // Other tests of this class add complaints too: look at ours, and at the paging itself.
        var all = await Poll.UntilAsync(() => AllPagesAsync($"month={month}", 2), items => Mine(items).Count == 5, what: "five complaints listed");
        Assert.Equal(all.Count, all.Select(i => i["number"]!.GetValue<string>()).Distinct().Count());

        var returns = await Poll.UntilAsync(() => AllPagesAsync("path=returnExchange", 10), i => Mine(i).Count == 1, what: "the return listed");
        var ret = returns.Single(i => i["number"]!.GetValue<string>() == taken[0].Number);
        Assert.Equal(["procurement"], ret["departments"]!.AsArray().Select(d => d!.GetValue<string>()));

        await Poll.UntilAsync(() => AllPagesAsync("department=quality", 10), i => Mine(i).SequenceEqual([taken[1].Number]), what: "only the quality complaint listed for quality");
        // Routing lists a complaint a moment after the complaint itself shows it routed.
        await Poll.UntilAsync(() => AllPagesAsync($"month={month}&state=awaitingTriage", 10), i => Mine(i).Count == 3, what: "three awaiting triage");

        Assert.Empty(Mine(await AllPagesAsync("overdue=true", 10)));
        app.Clock.Advance(TimeSpan.FromHours(9)); // past the 8-hour triage limit, within the return's 5 days
        var overdue = await AllPagesAsync("overdue=true", 10);
        Assert.Equal(3, Mine(overdue).Count);
        Assert.All(overdue, i => Assert.True(i["overdue"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task TheNewestComplaintComesFirstWithOrWithoutAMonth()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await ComplaintClient.TakeAsync(_http, Api.Intake(customer: $"顺序客户{i}"))).Number);
        }
        var month = numbers[0][3..9];
        List<string> Ours(List<JsonNode> items) => [.. items.Select(i => i["number"]!.GetValue<string>()).Where(numbers.Contains)];

        var inMonth = await Poll.UntilAsync(() => AllPagesAsync($"month={month}", 2), i => Ours(i).Count == 3, what: "three listed");
        Assert.Equal([numbers[2], numbers[1], numbers[0]], Ours(inMonth));
        Assert.Equal([numbers[2], numbers[1], numbers[0]], Ours(await AllPagesAsync("owner=u-wang", 50)));
    }

    [Fact]
    public async Task AContinuationTokenOnlyContinuesTheListItCameFrom()
    {
        for (var i = 0; i < 3; i++)
        {
            await ComplaintClient.TakeAsync(_http, Api.Intake(customer: $"令牌客户{i}"));
        }
        var first = await Poll.UntilAsync(
            async () => await (await _http.GetAsync("/api/complaints?pageSize=1")).ReadJsonAsync(),
            page => page["continuationToken"] is not null, what: "a first page with a token");
        var token = Uri.EscapeDataString(first["continuationToken"]!.GetValue<string>());

        Assert.Equal(System.Net.HttpStatusCode.OK, (await _http.GetAsync($"/api/complaints?pageSize=1&continuationToken={token}")).StatusCode);
        var elsewhere = await _http.GetAsync($"/api/complaints?pageSize=1&state=closed&continuationToken={token}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.NotNull((await elsewhere.ReadJsonAsync())["errors"]!["continuationToken"]);
    }

    [Fact]
    public async Task BadFiltersAreExplained()
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/complaints?month=2026-11")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/complaints?department=sales")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/complaints?pageSize=500")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/departments/quality/inbox?state=paused&overdue=true")).StatusCode);
    }
}

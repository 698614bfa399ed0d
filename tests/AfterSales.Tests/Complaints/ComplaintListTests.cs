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

        var all = await Poll.UntilAsync(() => AllPagesAsync($"month={month}", 2), items => items.Count == 5, what: "five complaints listed");
        Assert.Equal(5, all.Select(i => i["number"]!.GetValue<string>()).Distinct().Count());

        var returns = await Poll.UntilAsync(() => AllPagesAsync("path=returnExchange", 10), i => i.Count == 1, what: "the return listed");
        Assert.Equal(taken[0].Number, returns.Single()["number"]!.GetValue<string>());
        Assert.Equal(["procurement"], returns.Single()["departments"]!.AsArray().Select(d => d!.GetValue<string>()));

        var atQuality = await AllPagesAsync("department=quality", 10);
        Assert.Equal([taken[1].Number], atQuality.Select(i => i["number"]!.GetValue<string>()));
        var awaiting = await AllPagesAsync($"month={month}&state=awaitingTriage", 10);
        Assert.Equal(3, awaiting.Count);

        Assert.Empty(await AllPagesAsync("overdue=true", 10));
        app.Clock.Advance(TimeSpan.FromHours(9)); // past the 8-hour triage limit, within the return's 5 days
        var overdue = await AllPagesAsync("overdue=true", 10);
        Assert.Equal(3, overdue.Count);
        Assert.All(overdue, i => Assert.True(i["overdue"]!.GetValue<bool>()));
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

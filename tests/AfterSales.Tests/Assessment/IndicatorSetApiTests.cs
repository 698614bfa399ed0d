using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Assessment;

/// <summary>The indicator set as data: each change a validated new version on the one read, the history kept, assessments keeping theirs.</summary>
public class IndicatorSetApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _admin = app.CreateClient("u-admin", "系统管理员", Roles.Admin);
    private readonly HttpClient _assessor = app.CreateClient("u-pj", "评价员陈工", Roles.Assessor);

    private static HttpRequestMessage Put(object body, string? ifMatch, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/assessment-indicators") { Content = JsonContent.Create(body, options: Api.Options) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    [Fact]
    public async Task AChangeIsANewVersionAndAssessmentsKeepTheVersionTheyWereOpenedWith()
    {
        var first = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "用默认指标", from = "202601", to = "202606" });
        var current = await _admin.GetAsync("/api/assessment-indicators");
        Assert.Equal("\"1\"", current.Headers.ETag!.Tag);
        var set = (await current.ReadJsonAsync()).AsObject();
        Assert.Contains("not the standard's", set["note"]!["en"]!.GetValue<string>());

        // Complaint handling's arrival item is worth 6 instead of 4; recycling goes (it never applies here).
        var groups = set["groups"]!.DeepClone().AsArray();
        var complaintHandling = groups[2]!["indicators"]![1]!["items"]!.AsArray();
        complaintHandling.Single(i => i!["code"]!.GetValue<string>() == "complaintHandling.arrivalOnTime")!["points"] = 6;
        groups[1]!["indicators"]!.AsArray().RemoveAt(5);
        var change = new { groups, changeNote = "按认证机构细则调整: 到场及时率 6 分" };

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await _admin.SendAsync(Put(change, null))).StatusCode);
        var saved = await _admin.SendAsync(Put(change, "\"1\"", key: "set-v2"));
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (saved.StatusCode, saved.Headers.ETag!.Tag));
        // 100 + 2 − 4: the points need not add up to 100 (the score is earned ÷ applicable × 100).
        Assert.Equal(98m, (await saved.ReadJsonAsync())["groups"]!.AsArray().SelectMany(g => g!["indicators"]!.AsArray()).SelectMany(i => i!["items"]!.AsArray()).Sum(i => i!["points"]!.GetValue<decimal>()));
        // The retry answers the version it made; another change on version 1 is stale.
        var retry = await _admin.SendAsync(Put(change, "\"1\"", key: "set-v2"));
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (retry.StatusCode, retry.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _assessor.SendAsync(Put(change, "\"1\""))).StatusCode);

        var history = await (await _admin.GetAsync("/api/assessment-indicators/versions")).ReadJsonAsync();
        Assert.Equal([(2, "按认证机构细则调整: 到场及时率 6 分"), (1, null)],
            history.AsArray().Select(v => (v!["version"]!.GetValue<int>(), v["changeNote"]?.GetValue<string>())));
        Assert.Equal(4, (await (await _admin.GetAsync("/api/assessment-indicators/versions/1")).ReadJsonAsync())["groups"]![2]!["indicators"]![1]!["items"]![1]!["points"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/assessment-indicators/versions/9")).StatusCode);

        var second = await RecordClient.CreateAsync(_assessor, "/api/assessments", "assessment", new { title = "用新指标", from = "202607", to = "202612" });
        Assert.Equal((1, 2), ((await first.GetAsync())["assessment"]!["indicators"]!["version"]!.GetValue<int>(), second.Record["indicators"]!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ABrokenSetIsRefusedNamingEachField()
    {
        var groups = new object[]
        {
            new { code = "serviceSystem", zh = "售后服务体系", en = "Service system", indicators = new object[]
            {
                new { code = "organisation", zh = "组织", en = "Organisation", items = new object[]
                {
                    new { code = "organisation", zh = "重复代码", en = "Duplicate code", points = 5, kind = "qualitative" },
                    new { code = "organisation.head", zh = "负责人", en = "", points = 0, kind = "qualitative" },
                } },
                new { code = "staffing", zh = "人员", en = "Staffing", items = Array.Empty<object>() },
            } },
        };
        var etag = (await _assessor.GetAsync("/api/assessment-indicators")).Headers.ETag!.Tag;
        var response = await _assessor.SendAsync(Put(new { groups, changeNote = "试改" }, etag));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["groups[0].indicators[0].items[0].code", "groups[0].indicators[0].items[1].en", "groups[0].indicators[0].items[1].points", "groups[0].indicators[1].items"],
            (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order());
        var noNote = await _assessor.SendAsync(Put(new { groups }, etag));
        Assert.NotNull((await noNote.ReadJsonAsync())["errors"]!["changeNote"]);
    }
}

using System.Net;
using System.Net.Http.Json;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Reliability;

public sealed class ConflictApp(AzuriteFixture azurite) : AppFixture(azurite);

/// <summary>
/// Fifty people change the same record from the same version at once: exactly one change is
/// saved, each of the 49 others gets 412 (a problem document) and nothing of theirs is in the
/// record or its history: no lost update, no half-applied one. For a complaint, a customer card
/// and a CAPA.
/// </summary>
public class ConflictTests(ConflictApp app) : IClassFixture<ConflictApp>
{
    private const int People = 50;

    [Fact]
    public async Task FiftyConflictingChangesToOneComplaintOneCustomerCardAndOneCapaSaveOneEach()
    {
        var http = app.CreateClient();
        var complaint = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "并发修改客户", partNumber: "P-RACE-1"))).RoutedAsync();
        var complaintEtag = complaint.ETag;
        await RaceAsync("complaint", i => complaint.SendAsync("triage", new { path = "generalOnSite", analysis = $"分析{i:D2}" }, complaintEtag),
            async () => Plain(await http.GetStringAsync($"/api/complaints/{complaint.Number}/timeline")));

        var card = await (await http.PostJsonAsync("/api/customers", new { name = "并发修改泵业" })).ReadJsonAsync();
        var cardId = card["id"]!.GetValue<string>();
        await RaceAsync("customer card", i =>
        {
            var put = new HttpRequestMessage(HttpMethod.Put, $"/api/customers/{cardId}") { Content = JsonContent.Create(new { name = "并发修改泵业", notes = $"备注{i:D2}" }, options: Api.Options) };
            put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            return http.SendAsync(put);
        }, async () => Plain(await http.GetStringAsync($"/api/customers/{cardId}")) + Plain(await http.GetStringAsync($"/api/customers/{cardId}/history")));

        var capa = await RecordClient.CreateAsync(http, "/api/capas", "capa", new
        {
            title = "并发修改",
            problem = "同一料号多次开裂",
            complaints = new[] { complaint.Number },
            decisions = new { causeAnalysis = new { needed = true, record = "需查明原因" }, action = new { needed = true, record = "需纠正" }, effectConfirmation = new { needed = true } },
        });
        var capaEtag = capa.ETag;
        await RaceAsync("CAPA", i => capa.SendAsync("notification", new { department = "technical", contact = new { id = "u-tech", name = "技术中心刘工" }, note = $"通知{i:D2}" }, capaEtag),
            async () => Plain(await http.GetStringAsync($"/api/capas/{capa.Id}")) + Plain(await http.GetStringAsync($"/api/capas/{capa.Id}/timeline")));
    }

    /// <summary>
    /// Sends the 50 changes at once; one must answer 200 and the rest 412. The winner's mark
    /// (its text with its two-digit number) is in what <paramref name="read"/> returns afterwards, no loser's is.
    /// </summary>
    private static async Task<int> RaceAsync(string what, Func<int, Task<HttpResponseMessage>> change, Func<Task<string>> read)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, People).Select(i => Task.Run(() => change(i))));
        var winners = Enumerable.Range(0, People).Where(i => answers[i].StatusCode == HttpStatusCode.OK).ToList();
        var statuses = answers.GroupBy(a => (int)a.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}");
        Figures.Say($"{what}: {People} changes from one version at once: {string.Join(", ", statuses)}");
        var winner = Assert.Single(winners);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, a.StatusCode);
            Assert.Equal("application/problem+json", a.Content.Headers.ContentType!.MediaType);
        });
        var stored = await read();
        Assert.Contains(Tag(what, winner), stored, StringComparison.Ordinal);
        foreach (var loser in Enumerable.Range(0, People).Where(i => i != winner))
        {
            Assert.DoesNotContain(Tag(what, loser), stored, StringComparison.Ordinal);
        }
        return winner;
    }

    private static string Tag(string what, int i) => what switch
    {
        "complaint" => $"分析{i:D2}",
        "customer card" => $"备注{i:D2}",
        _ => $"通知{i:D2}",
    };

    /// <summary>JSON text with Chinese as is (the wire escapes it), to search in.</summary>
    private static string Plain(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

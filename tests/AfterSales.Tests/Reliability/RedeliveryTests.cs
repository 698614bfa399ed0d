using System.Net;
using System.Net.Http.Json;
using AfterSales.Functions;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Reliability;

public sealed class RedeliveryApp(AzuriteFixture azurite) : ReliabilityApp(azurite);

/// <summary>
/// Every message of every queue consumer of the app (the function list made from the modules, so
/// a new consumer is covered without editing this test) delivered again twice, in reverse and then
/// in shuffled order, after the work they did first: every table of the app, the mail sent and the
/// journal are exactly as after the single delivery.
/// </summary>
public class RedeliveryTests(RedeliveryApp app) : IClassFixture<RedeliveryApp>
{
    /// <summary>Columns that say when a delivery was handled, not what it did.</summary>
    private static readonly string[] WhenHandled = ["HandledAt"];

    [Fact]
    public async Task EveryMessageOfEveryConsumerDeliveredTwiceAndOutOfOrderChangesNothing()
    {
        await ScenarioAsync();
        await app.QuietAsync(TimeSpan.FromSeconds(120));
        var before = await StorageLook.SnapshotAsync(app.Storage, app.Prefix, WhenHandled);
        var mails = app.AllMails.Count;
        var journal = app.Journal.Handled.Count;

        var consumers = app.Services.GetRequiredService<FunctionCatalog>().Queues.ToList();
        var messages = app.Transport.Messages;
        var unreached = consumers.Where(c => !messages.Any(m => m.Queue == c.Trigger.QueueName)).Select(c => c.Function.Name).ToList();
        Assert.True(unreached.Count == 0, $"The scenario sent nothing to {string.Join(", ", unreached)}: extend ScenarioAsync so every consumer gets messages.");

        var http = app.CreateClient();
        var random = new Random(16);
        var redelivered = 0;
        var replayed = 0;
        foreach (var (function, trigger) in consumers)
        {
            var mine = messages.Where(m => m.Queue == trigger.QueueName).Select(m => m.Body).ToList();
            var order = Enumerable.Reverse(mine).Concat(mine.OrderBy(_ => random.Next())).ToList();
            if (trigger.QueueName.StartsWith(AfterSales.ChangeFeed.FeedSubscription.QueuePrefix, StringComparison.Ordinal))
            {
                // And once more as a replay, which receipts do not stop: as if the handler had done its work and stopped before writing them.
                order.AddRange(mine.Select(AsReplay));
                replayed += mine.Count;
            }
            foreach (var body in order)
            {
                var response = await http.PostAsync($"/{function.Name}", FeedEnvelopes.Content(body, dequeueCount: "2"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function.Name} answered {(int)response.StatusCode} to a copy: {await response.Content.ReadAsStringAsync()}");
                redelivered++;
            }
        }
        await app.QuietAsync(TimeSpan.FromSeconds(120));
        var after = await StorageLook.SnapshotAsync(app.Storage, app.Prefix, WhenHandled);

        var changed = before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "(none)"} → {after.GetValueOrDefault(k) ?? "(none)"}").ToList();
        Figures.Say($"Redelivery: {consumers.Count} consumers ({string.Join(", ", consumers.Select(c => c.Function.Name))}); {messages.Count} messages first delivered, "
            + $"{redelivered} copies delivered again (each twice, out of order, and each subscriber's once more as a replay past its receipts: {replayed}); {before.Count} rows compared, {changed.Count} changed; mail {mails} → {app.AllMails.Count}; journal {journal} → {app.Journal.Handled.Count}");
        Assert.Empty(changed);
        Assert.Equal(mails, app.AllMails.Count);
        // The journal is the tests' own counter, not idempotent on purpose: only the replays reach it again.
        Assert.Equal(journal + messages.Where(m => m.Queue == "feed-record-feed").Sum(m => EventCount(m.Body)), app.Journal.Handled.Count);
    }

    private static string AsReplay(string body)
    {
        var message = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        message.Remove("Replay");
        message["replay"] = true;
        return message.ToJsonString();
    }

    private static int EventCount(string body) =>
        System.Text.Json.Nodes.JsonNode.Parse(body)!["events"] is System.Text.Json.Nodes.JsonArray events ? events.Count : 1;

    /// <summary>Work that makes every consumer of the app do something: a complaint's whole major on-site path with its visit and service report, a CAPA and a later complaint on the same part, a return, an assessment, a part request.</summary>
    private async Task ScenarioAsync()
    {
        var http = app.CreateClient();
        var technician = app.CreateClient("t-zhao", "赵师傅", AfterSales.Kernel.Roles.Technician);
        var major = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "重投客户甲", partNumber: "P-REDO-1"))).RoutedAsync();
        await major.DoAsync("triage", new { path = "majorOnSite", analysis = "批次性裂纹" });
        await major.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        var visit = await Poll.UntilAsync(async () => (await (await technician.GetAsync("/api/visits/mine")).ReadJsonAsync()).AsArray(),
            list => list.Count > 0, what: "the visit opened by the dispatch");
        var visitId = visit.Single()!["id"]!.GetValue<string>();
        var read = await technician.GetAsync($"/api/visits/{visitId}");
        var card = new HttpRequestMessage(HttpMethod.Put, $"/api/visits/{visitId}/card")
        {
            Content = JsonContent.Create(new { arrivedAt = DateTimeOffset.UtcNow, observations = "焊缝裂纹" }, options: Api.Options),
        };
        card.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await technician.SendAsync(card)).StatusCode);
        await Poll.UntilAsync(major.GetAsync, c => c["allowedActions"]!.AsArray().All(a => a!["name"]!.GetValue<string>() != "recordArrival"),
            TimeSpan.FromSeconds(30), "the arrival told to the complaint by the visit's card");
        await major.DoAsync("findings", new { findings = "焊缝裂纹, 同批次 12 台" });
        await major.DoAsync("approval", new { approved = true });
        await major.DoAsync("resolution", new { summary = "现场补焊", serviceReport = "见售后服务报告" });
        var filed = await technician.PostJsonAsync("/api/service-reports", AfterSales.Tests.FieldService.ServiceReportTests.Report(major.Number));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var receipt = new HttpRequestMessage(HttpMethod.Post, $"{filed.Headers.Location}/receipt") { Content = JsonContent.Create(new { note = "已收" }) };
        receipt.Headers.TryAddWithoutValidation("If-Match", filed.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(receipt)).StatusCode);

        await RecordClient.CreateAsync(http, "/api/capas", "capa", new
        {
            title = "批次裂纹",
            problem = "同一料号焊缝裂纹",
            complaints = new[] { major.Number },
            decisions = new { causeAnalysis = new { needed = true, record = "需查明原因" }, action = new { needed = true, record = "需纠正" }, effectConfirmation = new { needed = true } },
        });
        await Poll.UntilAsync(async () => (await (await http.GetAsync("/api/capas?partNumber=P-REDO-1")).ReadJsonAsync())["items"]!.AsArray().Count, n => n > 0, what: "the CAPA indexed");
        await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "重投客户乙", partNumber: "P-REDO-1", description: "同样的裂纹"))).RoutedAsync();

        var returned = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "重投客户丙"))).RoutedAsync();
        await returned.DoAsync("triage", new { path = "returnExchange", analysis = "外观不良" });
        var order = await RecordClient.CreateAsync(http, "/api/returns", "order",
            new { complaintNumber = returned.Number, kind = "return", items = new[] { new { partNumber = "P-1001", quantity = 1 } } });
        await order.DoAsync("cancellation", new { reason = "客户撤回" });

        await RecordClient.CreateAsync(http, "/api/assessments", "assessment", new { title = "重投评价", from = "202601", to = "202612" });
        Assert.Equal(HttpStatusCode.Created, (await technician.PostAsJsonAsync("/api/part-requests", new { partNumber = "P-REDO-9", quantity = 1 }, Api.Options)).StatusCode);
    }
}

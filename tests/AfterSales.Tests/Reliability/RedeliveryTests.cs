using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Tests.Attachments;
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

    /// <summary>A write with its <c>If-Match</c>, which must answer <paramref name="expected"/>; the answer's body and ETag.</summary>
    private static async Task<(JsonNode Body, string? ETag)> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string etag,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body ?? new { }, options: Api.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url} answered {(int)response.StatusCode}: {text}");
        return (JsonNode.Parse(text)!, response.Headers.ETag?.Tag);
    }

    /// <summary>
    /// Work that makes every consumer of the app do something: a complaint's whole major on-site path
    /// (the visit's card, the leader's approval, the repair verified by the customer on the signed
    /// card, a photo of it thumbnailed, the service report, the confirmation, the survey it sends
    /// answered by the customer's link), a CAPA and a later complaint on the same part, a return, an
    /// assessment, a part request, a commissioning job.
    /// </summary>
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
        await SendAsync(technician, HttpMethod.Put, $"/api/visits/{visitId}/card", new { arrivedAt = DateTimeOffset.UtcNow, observations = "焊缝裂纹" }, read.Headers.ETag!.Tag);
        await Poll.UntilAsync(major.GetAsync, c => c["allowedActions"]!.AsArray().All(a => a!["name"]!.GetValue<string>() != "recordArrival"),
            TimeSpan.FromSeconds(30), "the arrival told to the complaint by the visit's card");
        await major.DoAsync("findings", new { findings = "焊缝裂纹, 同批次 12 台" });
        await major.DoAsync("approval", new { approved = true });

        // The repair on the same visit, verified by the customer on the signed card (a photo, thumbnailed): the visit resolves the complaint.
        var scan = await AttachmentApiTests.AttachToAsync(technician, "visit", visitId, "服务记录卡_签字.png",
            new ByteArrayContent(ThumbnailTests.Picture(64, 48, SkiaSharp.SKEncodedImageFormat.Png)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
        var signed = (await scan.ReadJsonAsync())["id"]!.GetValue<string>();
        read = await technician.GetAsync($"/api/visits/{visitId}");
        var (_, etag) = await SendAsync(technician, HttpMethod.Put, $"/api/visits/{visitId}/card", new
        {
            departedAt = DateTimeOffset.UtcNow, analysis = "焊接电流偏低", workDone = "现场补焊", inWarranty = true,
            customerRepresentative = "周经理", effectVerified = true, signedCard = signed,
        }, read.Headers.ETag!.Tag);
        await SendAsync(technician, HttpMethod.Post, $"/api/visits/{visitId}/completion", null, etag!);
        await Poll.UntilAsync(major.GetAsync, c => c["state"]!.GetValue<string>() == "resolved", TimeSpan.FromSeconds(30), "the verified visit to resolve the complaint");

        var filed = await technician.PostJsonAsync("/api/service-reports", AfterSales.Tests.FieldService.ServiceReportTests.Report(major.Number));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        await SendAsync(http, HttpMethod.Post, $"{filed.Headers.Location}/receipt", new { note = "已收" }, filed.Headers.ETag!.Tag);
        await Poll.UntilAsync(major.GetAsync, c => c["related"]?["serviceReport"]?["received"]?.GetValue<bool>() == true,
            TimeSpan.FromSeconds(30), "the received report told to the complaint");
        await major.DoAsync("confirmation", new { satisfied = true });

        // The survey the service sent, answered by the customer's link.
        var survey = AfterSales.Surveys.SurveyIds.From("complaint|" + major.Number);
        await Poll.UntilAsync(() => http.GetAsync($"/api/surveys/{survey}"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the survey after the service");
        var link = await http.PostAsync($"/api/surveys/{survey}/link", null);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var url = (await link.ReadJsonAsync())["url"]!.GetValue<string>();
        var customer = app.CreateClientWithToken(null);
        var shown = await customer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        await SendAsync(customer, HttpMethod.Post, url, new { scores = new { responseSpeed = 5, serviceAttitude = 5, technicalSkill = 4, productQuality = 4 }, comment = "满意" },
            shown.Headers.ETag!.Tag);

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

        // A commissioning job checked and started (its index follows each version).
        var opened = await http.PostJsonAsync("/api/commissioning", new
        {
            customerName = "重投客户丁", product = "CNC-850 生产线", orderNumber = "PO-REDO-7", plannedStart = DateTimeOffset.UtcNow.AddDays(2),
            technicians = new[] { new { id = "t-zhao", name = "赵师傅" } },
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var job = (await opened.ReadJsonAsync())["job"]!["id"]!.GetValue<string>();
        (_, etag) = await SendAsync(technician, HttpMethod.Post, $"/api/commissioning/{job}/readiness", new { ready = true, note = "水电气到位" }, opened.Headers.ETag!.Tag);
        await SendAsync(technician, HttpMethod.Post, $"/api/commissioning/{job}/progress", new { note = "第1天: 设备就位" }, etag!);
    }
}

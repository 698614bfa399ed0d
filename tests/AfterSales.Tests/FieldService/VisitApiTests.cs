using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.FieldService;
using AfterSales.Tests.Attachments;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.FieldService;

/// <summary>A field visit from the complaint's dispatch to the customer's signed card, through the HTTP API.</summary>
public class VisitApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(ComplaintClient Complaint, HttpClient Technician, string VisitId)> DispatchedAsync(string technicianId)
    {
        var complaint = await (await ComplaintClient.TakeAsync(app.CreateClient())).RoutedAsync();
        await complaint.DoAsync("triage", new { path = "generalOnSite", analysis = "主轴异响, 需上门" });
        await complaint.DoAsync("dispatch", new { technician = new { id = technicianId, name = "赵工" } });
        var technician = app.CreateClient(technicianId, "赵工", Roles.Technician);
        var mine = await Poll.UntilAsync(async () => (await (await technician.GetAsync("/api/visits/mine")).ReadJsonAsync()).AsArray(),
            list => list.Count > 0, what: "the dispatched visit in the technician's list");
        return (complaint, technician, Assert.Single(mine)!["id"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, string? etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: Api.Options) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ADispatchOpensAVisitTheTechnicianFillsAsDraftsAndCompletesWithTheSignedCard()
    {
        var (complaint, technician, id) = await DispatchedAsync("u-zhao-" + Guid.NewGuid().ToString("N")[..6]);
        var read = await technician.GetAsync($"/api/visits/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var visit = (await read.ReadJsonAsync())["visit"]!;
        Assert.Equal(complaint.Number, visit["complaintNumber"]!.GetValue<string>());
        Assert.Equal("travelling", visit["stage"]!.GetValue<string>());
        var etag = read.Headers.ETag!.Tag;

        // On site, the phone saves what is filled so far; the network may drop after any save.
        var tooEarly = await SendAsync(technician, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = DateTimeOffset.UtcNow.AddHours(-1) }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Contains("before the dispatch", (await tooEarly.ReadJsonAsync())["errors"]!["arrivedAt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        // A phone's time field holds minutes: the dispatch's own minute, as typed, is not "before the dispatch".
        var now = DateTimeOffset.UtcNow;
        var arrived = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var draft = await SendAsync(technician, HttpMethod.Put, $"/api/visits/{id}/card", new { arrivedAt = arrived, observations = "主轴轴承磨损, 异响明显" }, etag);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal("onSite", (await draft.ReadJsonAsync())["visit"]!["stage"]!.GetValue<string>());
        var stale = await SendAsync(technician, HttpMethod.Put, $"/api/visits/{id}/card", new { analysis = "润滑不足" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        etag = draft.Headers.ETag!.Tag;
        // The complaint hears of the arrival: the customer's promise is kept, the repair's clock starts.
        var onSite = await Poll.UntilAsync(complaint.GetAsync, c => c["arrivalPromise"]?["arrivedAt"] is not null, what: "the complaint to record the arrival");
        Assert.True(onSite["arrivalPromise"]!["met"]!.GetValue<bool>());
        Assert.Equal("service", onSite["steps"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "onSiteService")!["stage"]!.GetValue<string>());

        var early = await SendAsync(technician, HttpMethod.Post, $"/api/visits/{id}/completion", new { }, etag);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var missing = (await early.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equivalent(new[] { "departedAt", "workDone", "inWarranty", "customerRepresentative", "effectVerified", "signedCard" }, missing);

        var scan = await AttachmentApiTests.AttachToAsync(technician, "visit", id, "服务记录卡_签字.png",
            new ByteArrayContent([.. GeneratedFile.Png, 1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.Equal(HttpStatusCode.Created, scan.StatusCode);
        var scanId = (await scan.ReadJsonAsync())["id"]!.GetValue<string>();
        var filled = await SendAsync(technician, HttpMethod.Put, $"/api/visits/{id}/card", new
        {
            departedAt = DateTimeOffset.UtcNow,
            analysis = "润滑不足导致轴承磨损",
            workDone = "更换轴承和密封圈, 试机正常",
            parts = new object[]
            {
                new { partNumber = "SEAL-20", name = "密封圈", quantity = 2, unitCost = 50m, wearPart = true },
                new { partNumber = "BRG-6205", name = "轴承", quantity = 1, unitCost = 500m, wearPart = false },
            },
            labourHours = 3m,
            inWarranty = false,
            customerRepresentative = "李工",
            effectVerified = true,
            signedCard = scanId,
        }, etag);
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        var done = await SendAsync(technician, HttpMethod.Post, $"/api/visits/{id}/completion", new { }, filled.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var completed = (await done.ReadJsonAsync())["visit"]!;
        Assert.Equal("completed", completed["stage"]!.GetValue<string>());
        // Out of warranty: every part and the labour at cost (3 h × 200).
        Assert.Equal(600m, completed["charges"]!["parts"]!.GetValue<decimal>());
        Assert.Equal(600m, completed["charges"]!["labour"]!.GetValue<decimal>());
        Assert.Equal(1200m, completed["charges"]!["total"]!.GetValue<decimal>());
        await Poll.UntilAsync(async () => (await (await technician.GetAsync("/api/visits/mine")).ReadJsonAsync()).AsArray(),
            list => list.Count == 0, what: "the completed visit to leave the technician's list");
    }

    [Fact]
    public async Task OnlyTheVisitsTechniciansAndTheDepartmentsFollowingItSeeIt()
    {
        var (_, technician, id) = await DispatchedAsync("u-wu-" + Guid.NewGuid().ToString("N")[..6]);
        var other = app.CreateClient("u-other-tech", "钱工", Roles.Technician);
        var procurement = app.CreateClient("u-qian", "钱采购", Roles.Procurement);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/visits/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await procurement.GetAsync($"/api/visits/{id}")).StatusCode);
        Assert.Empty((await (await other.GetAsync("/api/visits/mine")).ReadJsonAsync()).AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/attachments/visit/{id}")).StatusCode);

        // A second technician sent by the technical center sees it too.
        var lead = app.CreateClient("u-lead", "技术中心", Roles.Technical);
        var read = await lead.GetAsync($"/api/visits/{id}");
        var added = await SendAsync(lead, HttpMethod.Post, $"/api/visits/{id}/technicians", new { technician = new { id = "u-other-tech", name = "钱工" } }, read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/visits/{id}")).StatusCode);
        Assert.Equal(2, (await added.ReadJsonAsync())["visit"]!["technicians"]!.AsArray().Count);
    }

    [Fact]
    public void WithinTheWarrantyOnlyWearPartsAreChargedAndNoLabour()
    {
        var card = new ServiceCard
        {
            InWarranty = true,
            LabourHours = 5,
            Parts = [new PartUsed("SEAL-20", "密封圈", 4, 50m, WearPart: true), new PartUsed("BRG-6205", "轴承", 1, 500m, WearPart: false)],
        };

        var charges = VisitRules.Charge(card, labourRate: 200m);

        Assert.Equal(new VisitCharges(200m, 0m, 200m, "CNY"), charges);
        Assert.Equal(new VisitCharges(700m, 1000m, 1700m, "CNY"), VisitRules.Charge(card with { InWarranty = false }, 200m));
    }
}

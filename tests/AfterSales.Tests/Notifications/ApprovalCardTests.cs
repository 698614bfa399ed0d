using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;
using static AfterSales.Tests.Notifications.NotificationsApp;

namespace AfterSales.Tests.Notifications;

/// <summary>The Teams approval card: valid Adaptive Card 1.5, its signed single-use links decide the complaint, refusals explained.</summary>
public class ApprovalCardTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _manager = app.CreateClient("u-boss", "张总", Roles.Management);

    private async Task<(ComplaintClient Complaint, JsonObject Card)> MajorProblemAsync(string customer)
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: customer))).RoutedAsync();
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "批次性裂纹, 影响安全" });
        // The documents\' order: visit first, report the findings, then the leader decides.
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        await c.DoAsync("arrival");
        await c.DoAsync("findings", new { findings = "焊缝裂纹, 同批次多台" });
        var post = (await Poll.UntilAsync(() => Task.FromResult(app.Cards(c.Number)), p => p.Count >= 1, what: "the approval card")).Single();
        var body = JsonNode.Parse(post.Body)!;
        Assert.Equal("message", body["type"]!.GetValue<string>());
        var attachment = body["attachments"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("s3cr3t", System.Web.HttpUtility.ParseQueryString(post.Query)["sig"]);
        return (c, attachment["content"]!.AsObject());
    }

    private static string Action(JsonObject card, string title) =>
        card["actions"]!.AsArray().Single(a => a!["title"]!.GetValue<string>() == title)!["url"]!.GetValue<string>();

    private static string PathOf(string url) => new Uri(url).AbsolutePath;

    private Task<HttpResponseMessage> DecideAsync(HttpClient client, string url, string? comment = null) =>
        client.PostJsonAsync(PathOf(url), new { comment });

    [Fact]
    public async Task AMajorProblemPostsAValidCardWhoseApproveLinkDecidesItAsTheSignedInManager()
    {
        var (c, card) = await MajorProblemAsync("审批卡片测试厂");
        AdaptiveCardSchema.AssertValid(card);
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var text = Text(card);
        Assert.Contains("审批卡片测试厂", text, StringComparison.Ordinal);
        Assert.Contains("批次性裂纹", text, StringComparison.Ordinal);
        // Readable in light and dark themes: the host's semantic colours only.
        Assert.DoesNotContain("\"color\":\"dark\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"color\":\"light\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("backgroundImage", text, StringComparison.Ordinal);
        var approve = Action(card, "批准");
        Assert.StartsWith("https://aftersales.test/api/approvals/", approve, StringComparison.Ordinal);
        Assert.All(card["actions"]!.AsArray(), a => Assert.Equal("Action.OpenUrl", a!["type"]!.GetValue<string>()));

        // Management is mailed too, with the same kind of links.
        var mail = (await app.MailsAsync(c.Number, where: m => To(m).Contains("management@contoso.test"))).Single();
        Assert.Contains("/api/approvals/", Html(Message(mail)), StringComparison.Ordinal);

        var page = await app.CreateClientWithToken(null).GetAsync(PathOf(approve));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains(c.Number, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var decided = await DecideAsync(_manager, approve, "同意, 尽快处理");
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("已批准", await decided.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await c.GetAsync();
        Assert.Equal("inProgress", c.State);
        Assert.Equal("u-boss", after["approval"]!["by"]!["id"]!.GetValue<string>());
        Assert.Equal("同意, 尽快处理", after["approval"]!["reason"]!.GetValue<string>());
        var granted = (await c.TimelineAsync()).Single(e => e!["type"]!.GetValue<string>() == "ApprovalGranted")!;
        Assert.Equal("张总", granted["by"]!["name"]!.GetValue<string>());

        // The decision is announced with a second card.
        var announced = await Poll.UntilAsync(() => Task.FromResult(app.Cards(c.Number)), p => p.Count >= 2, what: "the decision card");
        var decisionCard = JsonNode.Parse(announced[^1].Body)!["attachments"]![0]!["content"]!;
        AdaptiveCardSchema.AssertValid(decisionCard);
        Assert.Contains("已批准", Text(decisionCard), StringComparison.Ordinal);

        // The same link again, or the card's other link: nothing changes, and the page says why.
        var twice = await DecideAsync(_manager, approve);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("已使用过", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reject = await DecideAsync(_manager, Action(card, "驳回"), "不同意");
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
        Assert.Contains("no longer awaits a decision", await reject.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(after["version"]!.GetValue<int>(), (await c.GetAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public void TheSchemaCheckRefusesWhatIsNotAnAdaptiveCard15()
    {
        var noUrl = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"x"}],"actions":[{"type":"Action.OpenUrl","title":"x"}]}""")!;
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AdaptiveCardSchema.AssertValid(noUrl));
        var teamsOnly = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[],"msteams":{"width":"Full"}}""")!;
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AdaptiveCardSchema.AssertValid(teamsOnly));
    }

    [Fact]
    public async Task TamperedWrongRoleExpiredAndAnonymousUsesChangeNothing()
    {
        var (c, card) = await MajorProblemAsync("审批拒绝测试厂");
        var approve = Action(card, "批准");
        var version = (await c.GetAsync())["version"]!.GetValue<int>();

        // Altered: the decision and complaint are signed, so a changed character breaks the link.
        var token = PathOf(approve)["/api/approvals/".Length..];
        var tampered = "/api/approvals/" + token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var altered = await DecideAsync(_manager, tampered);
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Contains("This link is not valid", await altered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Signed in without the management role: refused, and the link stays usable.
        var quality = app.CreateClient("u-qa", "质量部刘", Roles.Quality, Roles.Supervisor);
        var wrongRole = await DecideAsync(quality, approve);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Contains("Only management", await wrongRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not signed in: 401, as every staff endpoint.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClientWithToken(null).PostJsonAsync(PathOf(approve), new { })).StatusCode);

        // A rejection needs a reason: refused until one is given.
        var noReason = await DecideAsync(_manager, Action(card, "驳回"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(version, (await c.GetAsync())["version"]!.GetValue<int>());
        Assert.Equal("awaitingApproval", c.State);

        // Expired: three days later (the approval lifetime) the link is refused.
        app.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var expired = await DecideAsync(_manager, approve);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await app.CreateClientWithToken(null).GetAsync(PathOf(approve))).StatusCode);
        Assert.Equal(version, (await c.GetAsync())["version"]!.GetValue<int>());
    }
}

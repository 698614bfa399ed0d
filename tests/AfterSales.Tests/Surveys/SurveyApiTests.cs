using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Surveys;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Surveys;

/// <summary>Satisfaction surveys through the HTTP API on Azurite: sent after a service, answered once by the customer's link or on site, followed up after a low score.</summary>
public class SurveyApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _marketing = app.CreateClient("u-sun", "孙销售", Roles.Marketing);
    private readonly HttpClient _customer = app.CreateClientWithToken(null);

    private static readonly object Good = new { scores = new { responseSpeed = 5, serviceAttitude = 5, technicalSkill = 4, productQuality = 4 }, comment = "服务很好" };

    /// <summary>A complaint handled on the phone and confirmed by the customer: its survey goes out.</summary>
    private async Task<(string Complaint, string Survey)> ServedAsync(string customer)
    {
        var c = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: customer))).RoutedAsync();
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "客户未按说明书操作" });
        await c.DoAsync("resolution", new { summary = "电话指导正确操作" });
        await c.DoAsync("confirmation", new { satisfied = true });
        var id = SurveyIds.From("complaint|" + c.Number);
        await Poll.UntilAsync(() => _marketing.GetAsync($"/api/surveys/{id}"), r => r.StatusCode == HttpStatusCode.OK, what: "the survey after the service");
        return (c.Number, id);
    }

    private async Task<JsonNode> LinkAsync(string survey)
    {
        var response = await _marketing.PostAsync($"/api/surveys/{survey}/link", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static HttpRequestMessage Answer(string url, object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Api.Options) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return request;
    }

    [Fact]
    public async Task AServiceSendsASurveyTheCustomerAnswersOnceByTheLinkWithoutSigningIn()
    {
        var (complaint, id) = await ServedAsync("苏州满意度机械");
        var survey = (await (await _marketing.GetAsync($"/api/surveys/{id}")).ReadJsonAsync())["survey"]!;
        Assert.Equal(("service", complaint, "苏州满意度机械", "zh-CN"), (survey["occasion"]!.GetValue<string>(), survey["complaintNumber"]!.GetValue<string>(),
            survey["customer"]!["name"]!.GetValue<string>(), survey["language"]!.GetValue<string>()));
        Assert.Equal(SurveyTemplate.Default.Version, survey["templateVersion"]!.GetValue<int>());

        var link = await LinkAsync(id);
        var url = link["url"]!.GetValue<string>();
        var shown = await _customer.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("no-store", shown.Headers.CacheControl!.ToString());
        var form = await shown.ReadJsonAsync();
        Assert.Equal(("顾客满意度调查表", "服务态度"), (form["title"]!.GetValue<string>(), form["items"]![1]!["text"]!.GetValue<string>()));
        Assert.Equal("Service attitude", (await (await _customer.GetAsync(url + "?lang=en")).ReadJsonAsync())["items"]![1]!["text"]!.GetValue<string>());

        var outOfScale = await _customer.SendAsync(Answer(url, new { scores = new { serviceAttitude = 6, friendliness = 3 } }, shown.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.BadRequest, outOfScale.StatusCode);
        Assert.Equivalent(new[] { "scores.serviceAttitude", "scores.friendliness" }, (await outOfScale.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList());
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await _customer.SendAsync(Answer(url, Good, null))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _customer.SendAsync(Answer(url, Good, shown.Headers.ETag!.Tag))).StatusCode);

        // Used twice: refused, whatever version is named.
        var again = await _customer.SendAsync(Answer(url, Good, shown.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
        var current = await _customer.GetAsync(url);
        Assert.True((await current.ReadJsonAsync())["answered"]!.GetValue<bool>());
        var twice = await _customer.SendAsync(Answer(url, Good, current.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType!.MediaType);
        var page = await _customer.GetAsync(link["pageUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("此调查表已填写", await page.Content.ReadAsStringAsync());

        var answered = (await (await _marketing.GetAsync($"/api/surveys/{id}")).ReadJsonAsync())["survey"]!;
        Assert.Equal(("link", 5, "服务很好"), (answered["answer"]!["channel"]!.GetValue<string>(), answered["answer"]!["scores"]!["serviceAttitude"]!.GetValue<int>(),
            answered["answer"]!["comment"]!.GetValue<string>()));
        Assert.Empty(answered["steps"]!.AsArray());
    }

    [Fact]
    public async Task AlteredAndExpiredLinksAreRefusedAsProblemsAndAsReadablePages()
    {
        var (_, id) = await ServedAsync("常州链接测试厂");
        var link = await LinkAsync(id);
        var token = link["token"]!.GetValue<string>();
        var altered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        var refused = await _customer.GetAsync($"/api/public/surveys/{altered}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await _customer.SendAsync(Answer($"/api/public/surveys/{altered}", Good, "\"1\""))).StatusCode);
        var alteredPage = await _customer.GetAsync($"/api/public/surveys/{altered}/page");
        Assert.Equal(HttpStatusCode.Forbidden, alteredPage.StatusCode);
        Assert.Contains("此链接无效", await alteredPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await _customer.GetAsync($"/api/public/surveys/{token.Replace('.', '-')}")).StatusCode);

        // The page works in the customer's language until the link expires (CustomerLinks:SurveyLifetime, 14 days).
        var page = await _customer.GetAsync(link["pageUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("顾客满意度调查表", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("Customer satisfaction survey", await (await _customer.GetAsync(link["pageUrl"]!.GetValue<string>() + "?lang=en")).Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromDays(15));
        var expired = await _customer.GetAsync(link["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", (await expired.ReadJsonAsync())["detail"]!.GetValue<string>());
        var expiredPage = await _customer.GetAsync(link["pageUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, expiredPage.StatusCode);
        Assert.Contains("此链接已过期", await expiredPage.Content.ReadAsStringAsync());
        // A new link from marketing works again.
        Assert.Equal(HttpStatusCode.OK, (await _customer.GetAsync((await LinkAsync(id))["url"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task TheMobilePageFormAnswersOnceAndALowScoreOpensMarketingsFollowUp()
    {
        var (_, id) = await ServedAsync("杭州低分测试厂");
        var link = await LinkAsync(id);
        var pageUrl = link["pageUrl"]!.GetValue<string>();
        var html = await (await _customer.GetAsync(pageUrl)).Content.ReadAsStringAsync();
        var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["version"] = version, ["responseSpeed"] = "1", ["serviceAttitude"] = "3", ["technicalSkill"] = "4", ["comment"] = "等了三天才有人来", ["respondent"] = "王经理",
        };

        var sent = await _customer.PostAsync(pageUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("谢谢", await sent.Content.ReadAsStringAsync());
        var twice = await _customer.PostAsync(pageUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("此调查表已填写", await twice.Content.ReadAsStringAsync());

        var read = await _marketing.GetAsync($"/api/surveys/{id}");
        var survey = (await read.ReadJsonAsync())["survey"]!;
        Assert.Equal("王经理", survey["answer"]!["respondent"]!.GetValue<string>());
        var followUp = Assert.Single(survey["steps"]!.AsArray())!;
        Assert.Equal(("surveyFollowUp", "marketing"), (followUp["kind"]!.GetValue<string>(), followUp["department"]!.GetValue<string>()));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(2), followUp["dueAt"]!.GetValue<DateTimeOffset>());
        await Poll.UntilAsync(async () => await (await _marketing.GetAsync("/api/departments/marketing/inbox?pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().Any(i => i!["recordId"]!.GetValue<string>() == id), what: "the follow-up in marketing's inbox");

        var note = new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{id}/follow-up") { Content = JsonContent.Create(new { note = "已致电王经理道歉, 调整派工流程" }) };
        note.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        var done = await _marketing.SendAsync(note);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True((await done.ReadJsonAsync())["survey"]!["steps"]![0]!["onTime"]!.GetValue<bool>());
        await Poll.UntilAsync(async () => await (await _marketing.GetAsync("/api/departments/marketing/inbox?pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().All(i => i!["recordId"]!.GetValue<string>() != id), what: "the follow-up gone from the inbox");
    }

    [Fact]
    public async Task TheTechnicianFillsTheComplaintsSurveyOnSiteAndTheServiceDoesNotSendASecond()
    {
        var technician = app.CreateClient("t-zhao", "赵工", Roles.Technician);
        var c = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: "南京现场填写厂"))).RoutedAsync();
        var made = await technician.PostJsonAsync("/api/surveys", new { complaintNumber = c.Number, language = "en" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = (await made.ReadJsonAsync())["survey"]!["id"]!.GetValue<string>();
        Assert.Equal(SurveyIds.From("complaint|" + c.Number), id);

        var answer = Answer($"/api/surveys/{id}/answer", new { scores = new { serviceAttitude = 5, technicalSkill = 5 }, respondent = "Mr. Smith" }, made.Headers.ETag!.Tag);
        answer.Headers.Add("Idempotency-Key", "onsite-1");
        var answered = await technician.SendAsync(answer);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var survey = (await answered.ReadJsonAsync())["survey"]!;
        Assert.Equal(("onSite", "onSite", "t-zhao", "en"), (survey["occasion"]!.GetValue<string>(), survey["answer"]!["channel"]!.GetValue<string>(),
            survey["answer"]!["filledBy"]!["id"]!.GetValue<string>(), survey["language"]!.GetValue<string>()));

        // The complaint closes later: its survey is the one already answered.
        await c.DoAsync("triage", new { path = "notQualityProblem", analysis = "操作问题" });
        await c.DoAsync("resolution", new { summary = "现场指导" });
        await c.DoAsync("confirmation", new { satisfied = true });
        var again = await technician.PostJsonAsync("/api/surveys", new { complaintNumber = c.Number });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("onSite", (await again.ReadJsonAsync())["survey"]!["answer"]!["channel"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await technician.PostAsync($"/api/surveys/{id}/link", null)).StatusCode);
    }

    [Fact]
    public async Task AYearlyRoundSendsEveryCustomerOneSurveyHoweverOftenItIsStarted()
    {
        var names = new[] { "年度调查甲厂", "年度调查乙厂" };
        foreach (var name in names)
        {
            Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostJsonAsync("/api/customers", new { name, province = "江苏" })).StatusCode);
        }

        var first = await (await _marketing.PostJsonAsync("/api/survey-rounds", new { year = 2031 })).ReadJsonAsync();
        var customers = first["customers"]!.GetValue<int>();
        Assert.True(customers >= 2);
        Assert.Equal((customers, 0), (first["sent"]!.GetValue<int>(), first["alreadySent"]!.GetValue<int>()));
        var second = await (await _marketing.PostJsonAsync("/api/survey-rounds", new { year = 2031 })).ReadJsonAsync();
        Assert.Equal((customers, 0, customers), (second["customers"]!.GetValue<int>(), second["sent"]!.GetValue<int>(), second["alreadySent"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await _marketing.PostJsonAsync("/api/survey-rounds", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient("q", "质量", Roles.Quality).PostJsonAsync("/api/survey-rounds", new { year = 2031 })).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Tests.Access;

/// <summary>The app with its clock under the test's control, so links can expire without waiting.</summary>
public sealed class ClockedAppFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    protected override bool UseFakeClock => true;
}

public class CustomerLinkTests(ClockedAppFixture app) : IClassFixture<ClockedAppFixture>
{
    private CustomerLinks Links => app.Services.GetRequiredService<CustomerLinks>();

    private async Task<string> RoutedComplaintAsync(string customer)
    {
        var staff = app.CreateClient();
        var created = await staff.PostJsonAsync("/api/complaints", Api.Intake(customer: customer));
        var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();
        await Poll.UntilAsync(async () => (await (await staff.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
            s => s == "awaitingTriage", what: $"{number} routed");
        return number;
    }

    private async Task<string> StatusTokenAsync(string number, bool singleUse = false)
    {
        var response = await app.CreateClient().PostAsync($"/api/complaints/{number}/status-link?singleUse={singleUse}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["token"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> ReadStatusAsync(string token) =>
        app.CreateClientWithToken(null).GetAsync($"/api/public/status/{Uri.EscapeDataString(token)}");

    [Fact]
    public async Task AStatusLinkShowsOnlyThePublicFactsOfItsComplaint()
    {
        var number = await RoutedComplaintAsync("泰州泵业");
        var response = await ReadStatusAsync(await StatusTokenAsync(number));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the answer must not be cached");
        var text = await response.Content.ReadAsStringAsync();
        var status = await response.ReadJsonAsync();
        Assert.Equal(number, status["number"]!.GetValue<string>());
        Assert.Equal("awaitingTriage", status["state"]!.GetValue<string>());
        Assert.NotNull(status["receivedAt"]);
        Assert.Equal("marketing", status["currentStep"]!["department"]!.GetValue<string>());
        Assert.NotNull(status["currentStep"]!["dueAt"]);
        Assert.Equal(["number", "state", "receivedAt", "currentStep"], status.AsObject().Select(p => p.Key));
        foreach (var secret in new[] { "13800000000", "李工", "泰州泵业", "主轴异响", "王芳", "PO-2026-001" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATamperedLinkIsRefused()
    {
        var number = await RoutedComplaintAsync("镇江阀门");
        var token = await StatusTokenAsync(number);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var flippedSignature = token[..(dot + 1)] + (token[dot + 1] == 'A' ? 'B' : 'A') + token[(dot + 2)..];
        var parts = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token[..dot])).Split('|');
        parts[3] = (long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) + 86400 * 365).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var longerLife = Base64UrlEncoder.Encode(string.Join('|', parts)) + token[dot..];

        foreach (var bad in new[] { flippedSignature, longerLife, token[..dot], "not-a-token", token + "x" })
        {
            var response = await ReadStatusAsync(bad);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task ALinkForOneComplaintCannotBeMadeToShowAnother()
    {
        var first = await RoutedComplaintAsync("盐城电机");
        var second = await RoutedComplaintAsync("淮安轴承");
        var token = await StatusTokenAsync(first);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token[..dot]));
        var swapped = Base64UrlEncoder.Encode(payload.Replace(first, second, StringComparison.Ordinal)) + token[dot..];

        Assert.Equal(HttpStatusCode.Forbidden, (await ReadStatusAsync(swapped)).StatusCode);
        Assert.Equal(LinkRefusal.OtherComplaint, Links.Verify(token, LinkPurpose.Status, second).Refusal);
        Assert.True(Links.Verify(token, LinkPurpose.Status, first).IsValid);
    }

    [Fact]
    public async Task AnExpiredLinkIsRefusedAndSaysSo()
    {
        var number = await RoutedComplaintAsync("宿迁包装");
        var token = await StatusTokenAsync(number);
        Assert.Equal(HttpStatusCode.OK, (await ReadStatusAsync(token)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(31));
        var response = await ReadStatusAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASingleUseLinkWorksOnce()
    {
        var number = await RoutedComplaintAsync("连云港港机");
        var token = await StatusTokenAsync(number, singleUse: true);

        Assert.Equal(HttpStatusCode.OK, (await ReadStatusAsync(token)).StatusCode);
        var again = await ReadStatusAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("already been used", (await again.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkForOnePurposeIsRefusedForAnother()
    {
        var number = await RoutedComplaintAsync("南京齿轮");
        var survey = Links.Issue(number, LinkPurpose.Survey, singleUse: true);

        Assert.Equal(HttpStatusCode.Forbidden, (await ReadStatusAsync(survey.Token)).StatusCode);
        Assert.Equal(LinkRefusal.WrongPurpose, Links.Verify(survey.Token, LinkPurpose.Status).Refusal);
        Assert.True((await Links.RedeemAsync(survey.Token, LinkPurpose.Survey, number, default)).IsValid);
        Assert.Equal(LinkRefusal.AlreadyUsed, (await Links.RedeemAsync(survey.Token, LinkPurpose.Survey, number, default)).Refusal);
    }

    [Fact]
    public async Task AWebFormComplaintGoesToMarketingAndAnswersWithAWorkingStatusLink()
    {
        var customer = app.CreateClientWithToken(null);
        var response = await customer.PostJsonAsync("/api/public/complaints", AuthorizationMatrixTests.WebForm(customer: "网上下单的客户"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.ReadJsonAsync();
        var number = receipt["number"]!.GetValue<string>();
        var statusUrl = receipt["statusUrl"]!.GetValue<string>();
        Assert.Equal(statusUrl, response.Headers.Location!.ToString());
        Assert.Null(receipt["customer"]);

        var status = await Poll.UntilAsync(async () => await (await customer.GetAsync(statusUrl)).ReadJsonAsync(),
            s => s["state"]?.GetValue<string>() == "awaitingTriage", what: $"{number} routed");
        Assert.Equal("marketing", status["currentStep"]!["department"]!.GetValue<string>());
        var complaint = await (await app.CreateClient().GetAsync($"/api/complaints/{number}")).ReadJsonAsync();
        Assert.Equal("webForm", complaint["channel"]!.GetValue<string>());
        Assert.Equal(WebFormActor.Instance.Id, complaint["firstContactOwner"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFormSubmittedTwiceWithItsKeyFilesOneComplaintAndTheKeyRevealsNothingElse()
    {
        var customer = app.CreateClientWithToken(null);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SubmitAsync(object form, string k)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/public/complaints") { Content = JsonContent.Create(form, options: Api.Options) };
            request.Headers.Add("Idempotency-Key", k);
            return await customer.SendAsync(request);
        }
        var form = AuthorizationMatrixTests.WebForm(customer: "双击提交的客户");

        var first = await SubmitAsync(form, key);
        var second = await SubmitAsync(form, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((await first.ReadJsonAsync())["number"]!.GetValue<string>(), (await second.ReadJsonAsync())["number"]!.GetValue<string>());

        // Someone holding only the key, with another form, gets no receipt.
        var other = await SubmitAsync(AuthorizationMatrixTests.WebForm(customer: "别人"), key);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.DoesNotContain("statusUrl", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

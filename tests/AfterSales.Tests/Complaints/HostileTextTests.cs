using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>
/// Text and dates that mean what they say: every kind of bad text is refused with a 400 naming the
/// field; text that merely looks dangerous for a spreadsheet or a page is stored as typed.
/// </summary>
public class HostileTextTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _http = app.CreateClient();

    public static TheoryData<string, string, string> BadIntakes => new()
    {
        { "description", "设备\u0007异响", "description" },                 // a control character
        { "description", "设备\u0000异响", "description" },
        { "customerDemand", "尽快\u001b[2J处理", "customerDemand" },        // an escape sequence
        { "product", "CNC\u202E058", "product" },                          // a bidi override
        { "orderNumber", "PO\u2066-1\u2069", "orderNumber" },              // bidi isolates
        { "partNumber", "P-1\n001", "partNumber" },                        // a line break in a one-line field
        { "customer.name", "\u200B\u200B", "customer.name" },             // only invisible characters
        { "customer.name", "\u3000\u3000", "customer.name" },
        { "customer.contact", "\u2800", "customer.contact" },
        { "customer.province", "火星", "customer.province" },             // not a province
        { "customer.province", "Jiangsuu", "customer.province" },
        { "description", "\u200D\u200C", "description" },                 // required, and shows nothing
        { "shippingDate", "1900-01-01", "shippingDate" },                  // out of any sensible range
        { "shippingDate", "2999-01-01", "shippingDate" },
        { "lateEntryReason", "补录\u0008", "lateEntryReason" },
    };

    [Theory]
    [MemberData(nameof(BadIntakes))]
    public async Task EveryKindOfBadTextInAnIntakeIsRefusedNamingTheField(string path, string value, string field)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: "文本测试客户"), Api.Options)!.AsObject();
        var parts = path.Split('.');
        var target = parts.Length == 2 ? body[parts[0]]!.AsObject() : body;
        target[parts[^1]] = value;

        var response = await _http.PostJsonAsync("/api/complaints", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got {errors.ToJsonString()}");
    }

    [Theory]
    [InlineData("triage", """{"path":"qualityRemote","analysis":"初步\u0000分析"}""", "analysis")]
    [InlineData("triage", """{"path":"qualityRemote","analysis":"\u200b"}""", "analysis")]
    [InlineData("triage", """{"path":"qualityRemote","analysis":"x","urgent":true,"urgentReason":"\u202e急"}""", "urgentReason")]
    [InlineData("steps/s1/transfer", """{"department":"quality","note":"转\u202e交"}""", "note")]
    [InlineData("steps/s1/assignment", """{"assignee":{"id":"u-1","name":"\u3000"}}""", "assignee.name")]
    [InlineData("links", """{"number":"KS-209912-0001"}""", "number")] // a complaint that does not exist
    [InlineData("links", """{"number":"KS-2099-1"}""", "number")]
    public async Task EveryKindOfBadTextInAnActionIsRefusedNamingTheFieldAndNothingChanges(string action, string body, string field)
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "动作文本测试"))).RoutedAsync();
        var version = (await c.GetAsync())["version"]!.GetValue<int>();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{c.Number}/{action}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", c.ETag);

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got {errors.ToJsonString()}");
        Assert.Equal(version, (await c.GetAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ADispatchedTechnicianWithAnInvisibleNameIsRefused()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "派工名字测试"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门" });
        var response = await c.SendAsync("dispatch", new { technician = new { id = "t-1", name = "\u200B" } }, c.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["technician.name"]);
    }

    [Fact]
    public async Task AWebFormWithAnInvisibleNameIsRefused()
    {
        var form = AfterSales.Tests.Access.AuthorizationMatrixTests.WebForm(customer: "\u200B\u200D");
        var response = await app.CreateClientWithToken(null).PostJsonAsync("/api/public/complaints", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["customer.name"]);
    }

    [Fact]
    public async Task TextThatLooksLikeAFormulaOrMarkupIsStoredExactlyAsTyped()
    {
        const string Formula = "=HYPERLINK(\"http://example.invalid\",\"点击查看\")";
        const string Markup = "<b>苏州</b> & \"精工\" 'x'";
        var intake = System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: Markup, description: Formula), Api.Options)!.AsObject();
        intake["customerDemand"] = "第一行\r\n第二行";

        var c = await ComplaintClient.TakeAsync(_http, intake);

        var stored = await c.GetAsync();
        Assert.Equal(Formula, stored["details"]!["description"]!.GetValue<string>());
        Assert.Equal(Markup, stored["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("第一行\r\n第二行", stored["details"]!["customerDemand"]!.GetValue<string>());
        // Where it is written out, it is neutralised.
        Assert.StartsWith("\"'=HYPERLINK", TextOutput.CsvCell(Formula), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", TextOutput.Html(Markup), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("江苏")]
    [InlineData("江苏省")]
    [InlineData("Jiangsu")]
    [InlineData("jiangsu province")]
    [InlineData("JIANGSU PROVINCE")]
    [InlineData("Ｊｉａｎｇｓｕ")]
    [InlineData("320000")]
    public async Task TheHomeProvinceIsRecognisedInEveryFormStaffTypeIt(string written)
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "省份测试客户", province: written))).RoutedAsync();
        Assert.Equal("320000", c.Last["customer"]!["province"]!.GetValue<string>());
        await c.DoAsync("triage", new { path = "generalOnSite", analysis = "需上门" });
        Assert.Equal("inProvince", c.Last["arrivalPromise"]!["rule"]!.GetValue<string>());
        Assert.Equal("320000", c.Last["arrivalPromise"]!["province"]!.GetValue<string>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Customers;

public class CustomerApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ACardKeepsEveryFieldOfThePaperFormAndAnswersWithItsVersion()
    {
        var client = app.CreateClient();
        var response = await client.PostJsonAsync("/api/customers", new
        {
            name = "苏州精工机械有限公司",
            address = "苏州工业园区星湖街 88 号",
            province = "江苏省",
            phone = "0512-6688 1234",
            fax = "0512-6688 1235",
            legalRepresentative = "周建国",
            contactPerson = "李工",
            contactPhone = "138 0013 8000",
            annualPurchaseAmount = 1_250_000.50m,
            enterpriseType = "private",
            products = new[] { new { product = "CNC-850", purchaseMonth = "2026-03", quantity = 2 }, new { product = "主轴 SP-20", purchaseMonth = "2026-09", quantity = 10 } },
            grade = "key",
            gradeReason = "年采购额超过 100 万, 回款及时",
            notes = "每年上门拜访一次",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var created = await response.ReadJsonAsync();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/customers/{id}", response.Headers.Location!.ToString());

        var get = await client.GetAsync($"/api/customers/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);
        var card = await get.ReadJsonAsync();
        Assert.Equal("苏州精工机械有限公司", card["name"]!.GetValue<string>());
        Assert.Equal("320000", card["province"]!.GetValue<string>());
        Assert.Equal("0512-6688 1235", card["fax"]!.GetValue<string>());
        Assert.Equal("周建国", card["legalRepresentative"]!.GetValue<string>());
        Assert.Equal("138 0013 8000", card["contactPhone"]!.GetValue<string>());
        Assert.Equal(1_250_000.50m, card["annualPurchaseAmount"]!.GetValue<decimal>());
        Assert.Equal("民营企业", card["enterpriseTypeName"]!["zh"]!.GetValue<string>());
        Assert.Equal(2, card["products"]!.AsArray().Count);
        Assert.Equal("2026-09", card["products"]![1]!["purchaseMonth"]!.GetValue<string>());
        Assert.Equal(10, card["products"]![1]!["quantity"]!.GetValue<int>());
        Assert.Equal("key", card["grade"]!.GetValue<string>());
        Assert.Equal("重点顾客", card["gradeName"]!["zh"]!.GetValue<string>());
        Assert.Equal("Key customer", card["gradeName"]!["en"]!.GetValue<string>());
        Assert.Equal("key", card["suggestedGrade"]!["grade"]!.GetValue<string>());
        Assert.Equal("每年上门拜访一次", card["notes"]!.GetValue<string>());
        Assert.Equal(1, card["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACustomerRegisteredWithoutAGradeIsOrdinaryWhateverItsPurchasesSuggest()
    {
        var card = await CreateAsync(new { name = Unique.Chinese() + "机床厂", annualPurchaseAmount = 20_000 });
        Assert.Equal("ordinary", card["grade"]!.GetValue<string>());
        Assert.Equal("potential", card["suggestedGrade"]!["grade"]!.GetValue<string>());
        Assert.Equal("潜在顾客", card["suggestedGrade"]!["gradeName"]!["zh"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInvalidCardIsRefusedWithEveryFieldNamed()
    {
        var response = await app.CreateClient().PostJsonAsync("/api/customers", new
        {
            name = " ",
            province = "火星",
            phone = "12",
            annualPurchaseAmount = -1,
            products = new[] { new { product = "CNC-850", purchaseMonth = "2026/9", quantity = 0 } },
            grade = "key",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equivalent(new[] { "name", "province", "phone", "annualPurchaseAmount", "products[0].purchaseMonth", "products[0].quantity", "gradeReason" }, errors);
    }

    [Fact]
    public async Task AnUnknownEnterpriseTypeIsABadRequestThatNamesTheField()
    {
        var response = await app.CreateClient().PostJsonAsync("/api/customers", new { name = "某公司", enterpriseType = "pirate" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("enterpriseType", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardWithTheNameOrPhoneOfAnotherIsRegisteredWithTheLikelyDuplicatesNamed()
    {
        var client = app.CreateClient();
        var name = Unique.Latin() + " Machinery";
        var phone = Unique.Mobile();
        var first = await client.PostJsonAsync("/api/customers", new { name, phone });
        Assert.Null((await first.ReadJsonAsync())["possibleDuplicates"]);
        var firstId = (await first.ReadJsonAsync())["id"]!.GetValue<string>();

        // The same company typed again in capitals and full-width letters; another with its phone.
        var sameName = await client.PostJsonAsync("/api/customers", new { name = "ＺＱ" + name[2..].ToUpperInvariant() });
        var samePhone = await client.PostJsonAsync("/api/customers", new { name = Unique.Chinese() + "公司", contactPhone = "+86 " + phone });
        var unrelated = await client.PostJsonAsync("/api/customers", new { name = Unique.Chinese() + "公司", phone = Unique.Mobile() });

        Assert.Equal(HttpStatusCode.Created, sameName.StatusCode);
        var byName = Assert.Single((await sameName.ReadJsonAsync())["possibleDuplicates"]!.AsArray())!;
        Assert.Equal(firstId, byName["id"]!.GetValue<string>());
        Assert.Equal("sameName", byName["reason"]!.GetValue<string>());
        var byPhone = Assert.Single((await samePhone.ReadJsonAsync())["possibleDuplicates"]!.AsArray())!;
        Assert.Equal((firstId, "samePhone"), (byPhone["id"]!.GetValue<string>(), byPhone["reason"]!.GetValue<string>()));
        Assert.Null((await unrelated.ReadJsonAsync())["possibleDuplicates"]);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyRegistersOneCustomer()
    {
        var client = app.CreateClient();
        var key = Guid.NewGuid().ToString();
        var body = new { name = Unique.Chinese() + "纺机", phone = "0513-8888 0000" };
        var first = await PostWithKeyAsync(client, key, body);
        var second = await PostWithKeyAsync(client, key, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).ToJsonString(), (await second.ReadJsonAsync()).ToJsonString());

        var other = await PostWithKeyAsync(client, key, new { name = "另一家公司" });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("Idempotency-Key", (await other.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task AChangeNeedsTheCurrentETag()
    {
        var client = app.CreateClient();
        var card = await CreateAsync(new { name = Unique.Chinese() + "电机", contactPerson = "王工" });
        var id = card["id"]!.GetValue<string>();

        var missing = await PutAsync(client, id, null, new { name = "改名", contactPerson = "王工" });
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var ok = await PutAsync(client, id, "\"1\"", new { name = card["name"]!.GetValue<string>(), contactPerson = "赵工" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag!.Tag);
        Assert.Equal("赵工", (await ok.ReadJsonAsync())["contactPerson"]!.GetValue<string>());

        var stale = await PutAsync(client, id, "\"1\"", new { name = card["name"]!.GetValue<string>(), contactPerson = "钱工" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var now = await (await client.GetAsync($"/api/customers/{id}")).ReadJsonAsync();
        Assert.Equal("赵工", now["contactPerson"]!.GetValue<string>());
        Assert.Equal(2, now["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task OfTwoChangesMadeFromTheSameVersionOnlyOneIsSaved()
    {
        var client = app.CreateClient();
        var card = await CreateAsync(new { name = Unique.Chinese() + "泵业" });
        var id = card["id"]!.GetValue<string>();
        var name = card["name"]!.GetValue<string>();

        var answers = await Task.WhenAll(
            PutAsync(client, id, "\"1\"", new { name, notes = "甲" }),
            PutAsync(client, id, "\"1\"", new { name, notes = "乙" }));

        Assert.Equivalent(new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }, answers.Select(a => a.StatusCode).ToList());
        var saved = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
        var now = await (await client.GetAsync($"/api/customers/{id}")).ReadJsonAsync();
        Assert.Equal(saved["notes"]!.GetValue<string>(), now["notes"]!.GetValue<string>());
        Assert.Equal(2, (await (await client.GetAsync($"/api/customers/{id}/history")).ReadJsonAsync()).AsArray().Count);
    }

    [Fact]
    public async Task TheHistoryRecordsWhoChangedWhatFromWhatToWhatAndWhy()
    {
        var client = app.CreateClient();
        var name = Unique.Chinese() + "重工";
        var id = (await CreateAsync(new { name, phone = "0511-1234 5678" }))["id"]!.GetValue<string>();
        var put = await PutAsync(client, id, "\"1\"", new
        {
            name,
            phone = "0511-8765 4321",
            grade = "key",
            gradeReason = "三年内采购额翻倍",
            reason = "客户来电更新总机号码",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"3\"", put.Headers.ETag!.Tag);

        var history = (await (await client.GetAsync($"/api/customers/{id}/history")).ReadJsonAsync()).AsArray();
        Assert.Equal(["Registered", "Updated", "Regraded"], history.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3], history.Select(e => e!["sequence"]!.GetValue<int>()));
        var updated = history[1]!;
        Assert.Equal("0511-1234 5678", updated["data"]!["changes"]!["phone"]!["from"]!.GetValue<string>());
        Assert.Equal("0511-8765 4321", updated["data"]!["changes"]!["phone"]!["to"]!.GetValue<string>());
        Assert.Equal("客户来电更新总机号码", updated["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(updated["by"]!["id"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.UtcNow - updated["at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
        var regraded = history[2]!;
        Assert.Equal("ordinary", regraded["data"]!["changes"]!["grade"]!["from"]!.GetValue<string>());
        Assert.Equal("key", regraded["data"]!["changes"]!["grade"]!["to"]!.GetValue<string>());
        Assert.Equal("三年内采购额翻倍", regraded["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARegradeWithoutAReasonIsRefused()
    {
        var client = app.CreateClient();
        var card = await CreateAsync(new { name = Unique.Chinese() + "阀门" });
        var response = await PutAsync(client, card["id"]!.GetValue<string>(), "\"1\"", new { name = card["name"]!.GetValue<string>(), grade = "potential" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("gradeReason", (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task UnknownAndMalformedCustomerIdsAreAnsweredWithProblems()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/customers/CU0000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/customers/42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/customers/CU0000000000/visits")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/customers/CU0000000000/history")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheCustomerEndpoints()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Assert.NotNull(doc["paths"]!["/api/customers"]!["get"]);
        Assert.NotNull(doc["paths"]!["/api/customers/{id}"]!["put"]);
        Assert.NotNull(doc["paths"]!["/api/customers/{id}/visits"]!["post"]);
        Assert.Equal("UpdateCustomer", doc["paths"]!["/api/customers/{id}"]!["put"]!["operationId"]!.GetValue<string>());
    }

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await app.CreateClient().PostJsonAsync("/api/customers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/customers") { Content = JsonContent.Create(body, options: Api.Options) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    internal static Task<HttpResponseMessage> PutAsync(HttpClient client, string id, string? ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/customers/{id}") { Content = JsonContent.Create(body, options: Api.Options) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }
}

/// <summary>Names and numbers no other test uses, so tests sharing an app do not see each other's customers.</summary>
internal static class Unique
{
    /// <summary>Four random common Chinese characters.</summary>
    public static string Chinese() => new([.. Enumerable.Range(0, 4).Select(_ => (char)Random.Shared.Next(0x4e00, 0x9fa5))]);

    public static string Latin() => "zq" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A mobile number, 11 digits.</summary>
    public static string Mobile() => "139" + Random.Shared.NextInt64(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}

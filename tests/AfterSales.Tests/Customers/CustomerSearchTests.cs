using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Access;
using AfterSales.Customers;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Customers;

public class CustomerSearchTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AChineseNameIsFoundByItsBeginningAndByAWordInside()
    {
        var city = Unique.Chinese();
        var id = await CreateAsync(new { name = city + "精工机械有限公司" });
        await CreateAsync(new { name = city + "动力设备厂" });

        Assert.Equal(2, (await SearchAsync($"name={city}")).Count);
        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(city + "精工")}"));
        Assert.Contains(id, await SearchAsync($"name={Uri.EscapeDataString(city[2..] + "精工机")}"));
    }

    [Fact]
    public async Task ALatinNameIsFoundIgnoringCaseAndWidth()
    {
        var word = Unique.Latin();
        var id = await CreateAsync(new { name = $"{word.ToUpperInvariant()} Precision Tools Ltd" });

        Assert.Equal([id], await SearchAsync($"name={word[..6]}"));
        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(word + " PRECISION")}"));
        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(Fullwidth(word))}"));
    }

    [Fact]
    public async Task APhoneIsFoundByItsDigitsHoweverTheyAreWrittenAndByItsLastDigits()
    {
        var mobile = Unique.Mobile();
        var written = $"+86 {mobile[..3]}-{mobile[3..7]}-{mobile[7..]}";
        var id = await CreateAsync(new { name = Unique.Chinese() + "模具", contactPhone = written });

        Assert.Equal([id], await SearchAsync($"phone={mobile}"));
        Assert.Equal([id], await SearchAsync($"phone={Uri.EscapeDataString($"{mobile[..3]} {mobile[3..7]} {mobile[7..]}")}"));
        Assert.Equal([id], await SearchAsync($"phone={mobile[..9]}"));
        Assert.Contains(id, await SearchAsync($"phone={mobile[^4..]}"));
        Assert.Equal([id], await SearchAsync($"phone={mobile[^7..]}"));
        Assert.Contains(id, await SearchAsync($"q={mobile[^6..]}"));
    }

    [Fact]
    public async Task AContactIsFoundByTheirNameAndTheGradeNarrowsAnySearch()
    {
        var surname = Unique.Chinese()[..2];
        var ordinary = await CreateAsync(new { name = Unique.Chinese() + "铸造", contactPerson = surname + "工" });
        var key = await CreateAsync(new { name = Unique.Chinese() + "锻压", contactPerson = surname + "经理", grade = "key", gradeReason = "年度框架协议" });

        Assert.Equivalent(new[] { ordinary, key }, await SearchAsync($"contact={surname}"));
        Assert.Equal([key], await SearchAsync($"contact={surname}&grade=key"));
        Assert.Equal([key], await SearchAsync($"contact={surname}&grade={Uri.EscapeDataString("重点")}"));
        Assert.Equal([ordinary], await SearchAsync($"q={surname}&grade=ordinary"));
        Assert.Contains(key, await SearchAsync("grade=key", pageSize: 200));
        Assert.DoesNotContain(ordinary, await SearchAsync("grade=key", pageSize: 200));
    }

    [Fact]
    public async Task PagesTogetherListEveryMatchOnceEvenWhenACustomerMatchesSeveralWays()
    {
        var word = Unique.Latin();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            // Some match twice by name (two words start alike) and again by contact.
            ids.Add(await CreateAsync(new
            {
                name = i % 2 == 0 ? $"{word} {i} {word}x works" : $"{word} {i} co",
                contactPerson = i % 3 == 0 ? $"{word} Zhang" : "Li",
            }));
        }

        var client = app.CreateClient();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"/api/customers?q={word}&pageSize=3" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(i => i!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Null(token);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equivalent(ids, seen);
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task TheWholeListPagesWithoutRepeats()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(new { name = Unique.Chinese() + "厂" });
        }
        var client = app.CreateClient();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync("/api/customers?pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"))).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.True(seen.Count >= 3);
    }

    [Fact]
    public async Task AfterARenameTheOldNameFindsNothingAndTheIndexHoldsOnlyTheNewTerms()
    {
        var client = app.CreateClient();
        var oldName = Unique.Chinese() + "机械厂";
        var newName = Unique.Chinese() + "智能装备";
        var oldPhone = Unique.Mobile();
        var newPhone = Unique.Mobile();
        var id = await CreateAsync(new { name = oldName, phone = oldPhone, contactPerson = "孙工" });

        var put = await CustomerApiTests.PutAsync(client, id, "\"1\"", new { name = newName, phone = newPhone, contactPerson = "孙工" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Empty(await SearchAsync($"name={Uri.EscapeDataString(oldName)}"));
        Assert.Empty(await SearchAsync($"phone={oldPhone}"));
        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(newName)}"));
        Assert.Equal([id], await SearchAsync($"phone={newPhone}"));

        var card = (await app.Services.GetRequiredService<CustomerDirectory>().FindAsync(id, default))!;
        var expected = SearchTerms.For(card).Select(t => $"{t.Field}/{CustomerIndex.RowKey(t.Term, id)}").Distinct().Order();
        var index = app.Storage.Table(AfterSales.Customers.CustomerRecords.IndexTable);
        var rows = new List<string>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CustomerId eq {id}")))
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}");
        }
        Assert.Equal(expected, rows.Order());
        Assert.DoesNotContain(rows, r => r.Contains(SearchTerms.Normalize(oldName), StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadSearchParametersAreProblemsNamingTheParameter()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/customers?pageSize=0")).StatusCode);
        var both = await client.GetAsync("/api/customers?pageSize=201&grade=vip");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equivalent(new[] { "pageSize", "grade" }, (await both.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList());
        var phone = await client.GetAsync("/api/customers?phone=1-2");
        Assert.Equal(HttpStatusCode.BadRequest, phone.StatusCode);
        Assert.Contains("phone", (await phone.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));
        var token = await client.GetAsync("/api/customers?name=abc&continuationToken=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Contains("continuationToken", (await token.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task ComplaintIntakeCanRegisterACustomerOnceAndFindItAgain()
    {
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var key = "complaint-intake-" + Guid.NewGuid();
        var by = new Staff("u-wang", "王芳");
        var name = Unique.Chinese() + "动力设备厂";
        var first = await directory.RegisterAsync(new NewCustomer(name, ContactPerson: "李工", Phone: "13800000000", Province: "江苏"), by, key, default);
        var again = await directory.RegisterAsync(new NewCustomer(name, ContactPerson: "李工", Phone: "13800000000", Province: "江苏"), by, key, default);

        Assert.Equal(first.Id, again.Id);
        var found = await directory.FindAsync(first.Id, default);
        Assert.Equal(name, found!.Name);
        Assert.Equal("李工", found.ContactPerson);
        Assert.Equal("320000", found.Province);
        Assert.Equal(CustomerGrade.Ordinary, found.Grade);
        Assert.Equal([first.Id], await SearchAsync($"name={Uri.EscapeDataString(name)}"));
        Assert.Null(await directory.FindAsync("CU0000000000", default));
        Assert.Null(await directory.FindAsync("not an id", default));
        await Assert.ThrowsAsync<ValidationException>(() => directory.RegisterAsync(new NewCustomer(""), by, null, default));
    }

    private async Task<string> CreateAsync(object body)
    {
        var response = await app.CreateClient().PostJsonAsync("/api/customers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    private async Task<List<string>> SearchAsync(string query, int pageSize = 50)
    {
        var response = await app.CreateClient().GetAsync($"/api/customers?{query}&pageSize={pageSize}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadJsonAsync();
        return [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    private static string Fullwidth(string s) => new([.. s.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c)]);
}

public class VisitTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task VisitsAreListedLatestFirstAcrossPages()
    {
        var client = app.CreateClient();
        var id = await NewCustomerAsync(client);
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var order = new[] { 2, 0, 4, 1, 3 };
        foreach (var day in order)
        {
            var response = await client.PostJsonAsync($"/api/customers/{id}/visits", new
            {
                visitors = new[] { "张总", "刘工" },
                accompanyingStaff = new[] { "王芳" },
                from = start.AddDays(day),
                to = start.AddDays(day).AddHours(3),
                topic = $"第 {day} 天: 新机型交流",
                content = "参观装配线, 讨论 CNC-850 升级",
                handlingResult = "安排技术中心出方案",
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var seen = new List<DateTimeOffset>();
        string? token = null;
        do
        {
            var page = await (await client.GetAsync($"/api/customers/{id}/visits?pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"))).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(v => v!["from"]!.GetValue<DateTimeOffset>()));
            token = page["continuationToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(d => start.AddDays(d).UtcDateTime), seen.Select(s => s.UtcDateTime));
        var first = (await (await client.GetAsync($"/api/customers/{id}/visits?pageSize=1")).ReadJsonAsync())["items"]![0]!;
        Assert.Equal(["张总", "刘工"], first["visitors"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("安排技术中心出方案", first["handlingResult"]!.GetValue<string>());
        Assert.Equal(id, first["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AVisitSentAgainWithItsIdempotencyKeyIsRecordedOnce()
    {
        var client = app.CreateClient();
        var id = await NewCustomerAsync(client);
        var at = new DateTimeOffset(2026, 11, 20, 14, 0, 0, TimeSpan.FromHours(8));
        var visit = new { visitors = new[] { "周总" }, from = at, to = at.AddHours(2), topic = "质量回访" };
        async Task<HttpResponseMessage> SendAsync(object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{id}/visits") { Content = JsonContent.Create(body, options: Api.Options) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(visit, "visit-1")));
        var again = await SendAsync(visit, "visit-1");
        var other = await SendAsync(visit with { topic = "另一次来访" }, "visit-1");

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Append(again).Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal("true", Assert.Single(a.Headers.GetValues("Idempotent-Replayed")));
        });
        var ids = await Task.WhenAll(answers.Append(again).Select(async a => (await a.ReadJsonAsync())["id"]!.GetValue<string>()));
        Assert.Single(ids.Distinct());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        var listed = await (await client.GetAsync($"/api/customers/{id}/visits")).ReadJsonAsync();
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task AVisitThatEndsBeforeItBeginsOrLacksItsFactsIsRefusedByField()
    {
        var client = app.CreateClient();
        var id = await NewCustomerAsync(client);
        var at = DateTimeOffset.UtcNow;
        var backwards = await client.PostJsonAsync($"/api/customers/{id}/visits", new { visitors = new[] { "张总" }, from = at, to = at.AddHours(-1), topic = "验收" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(["to"], (await backwards.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        var empty = await client.PostJsonAsync($"/api/customers/{id}/visits", new { visitors = new[] { " " } });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equivalent(new[] { "visitors", "from", "to", "topic" }, (await empty.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList());

        var unknown = await client.PostJsonAsync("/api/customers/CU0000000000/visits", new { visitors = new[] { "张总" }, from = at, to = at.AddHours(1), topic = "验收" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<string> NewCustomerAsync(HttpClient client)
    {
        var response = await client.PostJsonAsync("/api/customers", new { name = Unique.Chinese() + "精密机械" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }
}

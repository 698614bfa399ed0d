using System.Net;
using AfterSales.Complaints;
using AfterSales.Kernel;
using Microsoft.Extensions.DependencyInjection;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>Two app instances share one storage prefix, so numbers are contended across processes too.</summary>
public sealed class TwoInstances(AzuriteFixture azurite) : IAsyncLifetime
{
    public AppFixture First { get; } = new(azurite);
    public AppFixture Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await First.InitializeAsync();
        Second = new AppFixture(azurite) { Prefix = First.Prefix };
        await Second.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

public class NumberingTests(TwoInstances apps) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task TwoHundredConcurrentIntakesGetTwoHundredConsecutiveNumbers()
    {
        var clients = new[] { apps.First.CreateClient(), apps.Second.CreateClient() };
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var response = await clients[i % 2].PostJsonAsync("/api/complaints", Api.Intake(customer: $"并发客户{i:D3}", orderNumber: $"PO-{i}"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.ReadJsonAsync();
            return (Customer: body["customer"]!["name"]!.GetValue<string>(), Number: body["number"]!.GetValue<string>());
        }));

        var numbers = responses.Select(r => r.Number).ToList();
        Assert.Equal(200, numbers.Distinct().Count());
        Assert.Single(numbers.Select(n => n[..10]).Distinct());
        // Consecutive: no gap, whatever other tests of this class took before.
        var serials = numbers.Select(n => int.Parse(n[10..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(serials[0], 200), serials);

        // Each number carries the intake it was issued for.
        var sample = responses[137];
        var stored = await (await clients[0].GetAsync($"/api/complaints/{sample.Number}")).ReadJsonAsync();
        Assert.Equal(sample.Customer, stored["customer"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CopiesOfOneKeyedIntakeSentAtOnceToBothInstancesGetOneNumberAndTheOthersKeepTheirs()
    {
        var clients = new[] { apps.First.CreateClient(), apps.Second.CreateClient() };
        var key = "burst-" + Guid.NewGuid().ToString("N");
        var body = Api.Intake(customer: "并发同键客户", orderNumber: "PO-BURST");
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = System.Net.Http.Json.JsonContent.Create(i % 3 == 0 ? Api.Intake(customer: $"同批其他客户{i}") : body, options: Api.Options) };
            if (i % 3 != 0)
            {
                request.Headers.Add("Idempotency-Key", key);
            }
            var response = await clients[i % 2].SendAsync(request);
            return (Keyed: i % 3 != 0, response.StatusCode, Number: (await response.ReadJsonAsync())["number"]!.GetValue<string>());
        }));

        var keyed = answers.Where(a => a.Keyed).ToList();
        Assert.Single(keyed.Select(a => a.Number).Distinct());
        Assert.Equal(1, keyed.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(keyed.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var others = answers.Where(a => !a.Keyed).ToList();
        Assert.All(others, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var serials = answers.Select(a => a.Number).Distinct().Select(n => int.Parse(n[10..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(serials[0], others.Count + 1), serials);
    }

    [Fact]
    public async Task SixteenClientsTakingAndRetryingIntakesGetConsecutiveNumbersAndEachRetryItsOwn()
    {
        var clients = new[] { apps.First.CreateClient(), apps.Second.CreateClient() };
        async Task<(HttpStatusCode Status, string Number)> Take(HttpClient client, object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = System.Net.Http.Json.JsonContent.Create(body, options: Api.Options) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            var json = await response.ReadJsonAsync();
            return (response.StatusCode, response.StatusCode == HttpStatusCode.BadRequest ? "" : json["number"]!.GetValue<string>());
        }

        // Sixteen clients, each taking eight complaints one after the other and sending every one twice
        // (a client that lost the answer), on either instance; and once with the key but another body.
        var taken = await Task.WhenAll(Enumerable.Range(0, 16).Select(async c =>
        {
            var mine = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var key = $"loop-{c}-{i}-{Guid.NewGuid():N}";
                var body = Api.Intake(customer: $"循环客户{c:D2}-{i}", orderNumber: $"PO-L{c}-{i}");
                var first = await Take(clients[(c + i) % 2], body, key);
                var retry = await Take(clients[(c + i + 1) % 2], body, key);
                Assert.Equal(HttpStatusCode.Created, first.Status);
                Assert.Equal(HttpStatusCode.OK, retry.Status);
                Assert.Equal(first.Number, retry.Number);
                if (i == 3)
                {
                    Assert.Equal(HttpStatusCode.BadRequest, (await Take(clients[c % 2], Api.Intake(customer: "另一个请求"), key)).Status);
                }
                mine.Add(first.Number);
            }
            return mine;
        }));

        var serials = taken.SelectMany(t => t).Select(n => int.Parse(n[10..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        // Consecutive: the retries and the refused body took no number, and none was lost.
        Assert.Equal(Enumerable.Range(serials[0], 128), serials);
    }

    [Fact]
    public async Task AKeyUsedLastMonthIsFoundInTheFirstDayOfTheNextAndTheNumbersStayGapFree()
    {
        var numbering = apps.First.Services.GetRequiredService<ComplaintNumbering>();
        var zone = TimeSpan.FromHours(8);
        var ct = TestContext.Current.CancellationToken;
        // A month of its own, far ahead, so no other test takes numbers in it.
        var year = 2090 + Random.Shared.Next(0, 900);
        var endOfJanuary = new DateTimeOffset(year, 1, 31, 23, 50, 0, zone);
        var key = IdempotencyKey.From("month-end-" + Guid.NewGuid().ToString("N"), "u-test", "takeComplaint", new { body = 1 });
        var first = await numbering.IssueAsync(endOfJanuary, key, _ => "{}", ct);

        var retry = await numbering.IssueAsync(endOfJanuary.AddMinutes(30), key, _ => "{}", ct);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Number, retry.Number);

        var february = await numbering.IssueAsync(endOfJanuary.AddMinutes(40), null, _ => "{}", ct);
        Assert.Equal($"KS-{year}02-0001", february.Number);
        Assert.Equal($"KS-{year}01-0001", first.Number);
    }
}

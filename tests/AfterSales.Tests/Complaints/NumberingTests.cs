using System.Net;
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
}

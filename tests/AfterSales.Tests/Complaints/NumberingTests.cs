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
        Assert.Equal(Enumerable.Range(1, 200), numbers.Select(n => int.Parse(n[10..], System.Globalization.CultureInfo.InvariantCulture)).Order());

        // Each number carries the intake it was issued for.
        var sample = responses[137];
        var stored = await (await clients[0].GetAsync($"/api/complaints/{sample.Number}")).ReadJsonAsync();
        Assert.Equal(sample.Customer, stored["customer"]!["name"]!.GetValue<string>());
    }
}

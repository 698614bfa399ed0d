using System.Net;
using AfterSales.Customers;
using AfterSales.Records;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Customers;

/// <summary>The index recovers from a writer that stopped half way.</summary>
public class CustomerIndexRepairTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly Staff Wang = new("u-wang", "王芳");

    [Fact]
    public async Task ACreateThatStoppedBeforeIndexingIsIndexedByItsRetry()
    {
        var store = app.Services.GetRequiredService<RecordStore<CustomerCard>>();
        var directory = app.Services.GetRequiredService<CustomerDirectory>();
        var key = Guid.NewGuid().ToString();
        var request = new NewCustomer(Unique.Chinese() + "轴承厂", Phone: Unique.Mobile());
        // The first attempt committed the card, then the process died before indexing it.
        var (card, registered) = CustomerRules.Register(CustomerIds.FromIdempotencyKey(key), request, Wang, DateTimeOffset.UtcNow);
        Assert.NotNull(await store.CreateAsync(card, [registered], IdempotencyKey.From(key, null, "registerCustomer", request), default));
        Assert.Empty(await SearchAsync($"name={Uri.EscapeDataString(request.Name!)}"));

        var retried = await directory.RegisterAsync(request, Wang, key, default);

        Assert.Equal(card.Id, retried.Id);
        Assert.Equal([card.Id], await SearchAsync($"name={Uri.EscapeDataString(request.Name!)}"));
        Assert.Equal([card.Id], await SearchAsync($"phone={request.Phone}"));
    }

    [Fact]
    public async Task ARenameThatStoppedRightAfterSavingIsFoundByTheNewNameOnly()
    {
        var store = app.Services.GetRequiredService<RecordStore<CustomerCard>>();
        var index = app.Services.GetRequiredService<CustomerIndex>();
        var oldName = Unique.Chinese() + "齿轮厂";
        var newName = Unique.Chinese() + "传动科技";
        var created = await app.CreateClient().PostJsonAsync("/api/customers", new { name = oldName });
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        var stored = (await store.GetAsync(id, default))!;
        var renamed = CustomerRules.Update(stored.Record, new CustomerUpdate(newName), Wang, DateTimeOffset.UtcNow);

        // What CustomerDirectory.UpdateAsync does, up to a crash before its clean-up.
        await index.PrepareAsync(renamed.Record, default);
        await store.SaveAsync(stored, renamed, key: null, default);

        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(newName)}"));
        Assert.Empty(await SearchAsync($"name={Uri.EscapeDataString(oldName)}"));
    }

    [Fact]
    public async Task ARowTheCardNoLongerBacksIsNeverListedAndIsRemovedWhenFound()
    {
        var client = app.CreateClient();
        var name = Unique.Chinese() + "液压件";
        var created = await client.PostJsonAsync("/api/customers", new { name });
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        // A row a crashed rename left behind: the card is no longer called this.
        var leftover = SearchTerms.Normalize(Unique.Chinese() + "旧名");
        var index = app.Storage.Table(AfterSales.Customers.CustomerRecords.IndexTable);
        await index.UpsertEntityAsync(new TableEntity(IndexField.Name, CustomerIndex.RowKey(leftover, id)) { ["CustomerId"] = id, ["Term"] = leftover });

        Assert.Empty(await SearchAsync($"name={Uri.EscapeDataString(leftover)}"));
        var row = await index.GetEntityIfExistsAsync<TableEntity>(IndexField.Name, CustomerIndex.RowKey(leftover, id));
        Assert.False(row.HasValue);
        Assert.Equal([id], await SearchAsync($"name={Uri.EscapeDataString(name)}"));
    }

    private async Task<List<string>> SearchAsync(string query)
    {
        var response = await app.CreateClient().GetAsync($"/api/customers?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync())["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }
}

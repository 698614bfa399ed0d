using AfterSales.Storage;
using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Records;
using Azure.Data.Tables;

namespace AfterSales.Customers;

/// <summary>
/// A customer's visit records (顾客来访记录表): rows <c>visit|{newest first}|{id}</c> in the
/// customer's partition, added beside the card without changing its version. With an
/// idempotency key, the key's row commits with the visit (the record store's keys).
/// </summary>
public sealed class CustomerVisits(RecordStore<CustomerCard> store, TimeProvider clock)
{
    private const string Prefix = "visit|";

    /// <summary>
    /// Records a visit of a known customer. With an idempotency key, the same request again
    /// answers the visit it recorded (<c>Replayed</c>); the key reused for another visit is refused.
    /// </summary>
    public async Task<(VisitRecord Visit, bool Replayed)> RecordAsync(string customerId, NewVisit visit, Staff by, string? idempotencyKey, CancellationToken ct)
    {
        var record = VisitRules.Record(CustomerIds.NewVisitId(), customerId, visit, by, clock.GetUtcNow());
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "recordVisit", visit);
        if (key is not null && await ReplayAsync(customerId, key, ct) is { } earlier)
        {
            return (earlier, true);
        }
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - record.From.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableEntity(customerId, $"{Prefix}{newestFirst}|{record.Id}") { ["From"] = record.From, ["Data"] = Json.Serialize(record) };
        if (await store.AddRowsAsync(customerId, [row], key, row.RowKey, ct))
        {
            return (record, false);
        }
        return (await ReplayAsync(customerId, key!, ct) ?? throw new InvalidOperationException("A visit key vanished."), true);
    }

    /// <summary>A customer's visits, the latest first.</summary>
    public async Task<Page<VisitRecord>> ListAsync(string id, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {Prefix} and RowKey lt {"visit}"}");
        var scope = "visits|" + id;
        return await store.Table.PageAsync(filter, pageSize, continuationToken, scope, v => Json.Deserialize<VisitRecord>(v.GetString("Data")), ct);
    }

    private async Task<VisitRecord?> ReplayAsync(string customerId, IdempotencyKey key, CancellationToken ct)
    {
        if (await store.FindKeyAsync(customerId, key, ct) is not { } earlier)
        {
            return null;
        }
        key.EnsureSameRequestAs(earlier, "visit");
        var row = await store.Table.GetEntityAsync<TableEntity>(customerId, earlier.Result, cancellationToken: ct);
        return Json.Deserialize<VisitRecord>(row.Value.GetString("Data"));
    }
}

using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Storage;

namespace AfterSales.Customers;

/// <summary>
/// The customer cards as other features use them: complaint intake finds a known customer or
/// registers a new one on the way. Every write records who made it and keeps the index in step.
/// </summary>
public sealed class CustomerDirectory(CustomerStore store, CustomerIndex index, TimeProvider clock)
{
    public async Task<CustomerCard?> FindAsync(string customerId, CancellationToken ct) =>
        CustomerIds.IsValid(customerId) ? (await store.GetAsync(customerId, ct))?.Card : null;

    /// <summary>Registers a customer while taking a complaint; same idempotencyKey → same customer.</summary>
    public async Task<CustomerCard> RegisterAsync(NewCustomer customer, Staff by, string? idempotencyKey, CancellationToken ct) =>
        (await CreateAsync(customer, by, idempotencyKey, ct)).Customer.Card;

    /// <summary>
    /// Creates the card, or with a key used before, answers the customer that key created
    /// (<c>Replayed</c>). A key reused for a different customer is refused.
    /// </summary>
    public async Task<(StoredCustomer Customer, bool Replayed)> CreateAsync(NewCustomer customer, Staff by, string? idempotencyKey, CancellationToken ct)
    {
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        var requestHash = key is null ? null : Fingerprint.Of(Json.Serialize(customer));
        for (var attempt = 0; ; attempt++)
        {
            var id = key is null ? CustomerIds.New() : CustomerIds.FromIdempotencyKey(key);
            var (card, registered) = CustomerRules.Register(id, customer, by, clock.GetUtcNow());
            if (key is not null && await store.GetAsync(id, ct) is { } earlier)
            {
                return (await ReplayAsync(earlier, requestHash, ct), true);
            }
            await index.PrepareAsync(card, ct);
            if (await store.CreateAsync(card, registered, requestHash, ct))
            {
                await index.SyncAsync(id, ct);
                return (await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished."), false);
            }
            if (key is null && attempt < 5)
            {
                await index.SyncAsync(id, ct); // an id drawn twice: drop the rows prepared for it, draw again
                continue;
            }
            var existing = await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished.");
            return (await ReplayAsync(existing, requestHash, ct), true);
        }
    }

    private async Task<StoredCustomer> ReplayAsync(StoredCustomer existing, string? requestHash, CancellationToken ct)
    {
        // The first attempt may have stopped before indexing; a racing attempt may have prepared rows.
        await index.SyncAsync(existing.Card.Id, ct);
        if (existing.RequestHash != requestHash)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["This key was already used for a different customer; use a new key for a new customer."],
            });
        }
        return existing;
    }

    public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken ct) => store.GetAsync(customerId, ct);

    /// <summary>Changes the card as read; <see cref="CustomerChangedException"/> when it changed meanwhile.</summary>
    public async Task<StoredCustomer> UpdateAsync(StoredCustomer stored, CustomerUpdate update, Staff by, CancellationToken ct)
    {
        var (changed, events) = CustomerRules.Update(stored.Card, update, by, clock.GetUtcNow());
        if (events.Count == 0)
        {
            return stored;
        }
        await index.PrepareAsync(changed, ct);
        StoredCustomer saved;
        try
        {
            saved = await store.SaveAsync(stored, changed, events, ct);
        }
        finally
        {
            // Saved or not, the rows now follow the card as stored.
            await index.SyncAsync(stored.Card.Id, ct);
        }
        return saved;
    }

    /// <summary>
    /// Records a visit (顾客来访记录表) of a known customer. With an idempotency key, the same
    /// request again answers the visit it recorded (<c>Replayed</c>); the key reused for another visit is refused.
    /// </summary>
    public async Task<(VisitRecord Visit, bool Replayed)> RecordVisitAsync(string customerId, NewVisit visit, Staff by, string? idempotencyKey, CancellationToken ct)
    {
        var record = VisitRules.Record(CustomerIds.NewVisitId(), customerId, visit, by, clock.GetUtcNow());
        var key = string.IsNullOrWhiteSpace(idempotencyKey)
            ? null
            : new VisitKey(Fingerprint.Of(by.Id + "|" + idempotencyKey.Trim()), Fingerprint.Of(Json.Serialize(visit)));
        if (key is not null && await ReplayVisitAsync(customerId, key, ct) is { } earlier)
        {
            return (earlier, true);
        }
        if (await store.AddVisitAsync(record, key, ct))
        {
            return (record, false);
        }
        return (await ReplayVisitAsync(customerId, key!, ct) ?? throw new InvalidOperationException("A visit key vanished."), true);
    }

    private async Task<VisitRecord?> ReplayVisitAsync(string customerId, VisitKey key, CancellationToken ct)
    {
        if (await store.FindVisitAsync(customerId, key, ct) is not { } found)
        {
            return null;
        }
        return found.RequestHash == key.RequestHash
            ? found.Visit
            : throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["This key was already used for a different visit; use a new key for a new visit."],
            });
    }
}

using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Customers;

/// <summary>
/// The customer cards as features use them: registering (also while taking a complaint),
/// finding and changing a card. Every write records who made it and keeps the search index in step.
/// </summary>
public sealed class CustomerDirectory(RecordStore<CustomerCard> store, CustomerIndex index, TimeProvider clock, ILogger<CustomerDirectory> logger)
{
    public async Task<CustomerCard?> FindAsync(string customerId, CancellationToken ct) =>
        CustomerIds.IsValid(customerId) ? (await store.GetAsync(customerId, ct))?.Record : null;

    /// <summary>
    /// <see cref="FindAsync"/> for an intake naming the card, read at most <see cref="RecentFor"/> ago
    /// (a change saved here is seen at once; one made on another instance within that time). The
    /// intake only fills in what it was not told from the card.
    /// </summary>
    public async Task<CustomerCard?> FindRecentAsync(string customerId, CancellationToken ct) =>
        CustomerIds.IsValid(customerId) ? (await store.GetRecentAsync(customerId, RecentFor, ct))?.Record : null;

    /// <summary>How old a card read for an intake may be.</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(30);

    /// <summary>The card (400 for what is not a customer id, 404 when there is none).</summary>
    public async Task<Stored<CustomerCard>> GetAsync(string id, CancellationToken ct)
    {
        if (!CustomerIds.IsValid(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a customer id; ids look like CU7K3M9Q2XAB.");
        }
        return await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
    }

    /// <summary>Registers a customer while taking a complaint; same idempotencyKey → same customer.</summary>
    public async Task<CustomerCard> RegisterAsync(NewCustomer customer, Staff by, string? idempotencyKey, CancellationToken ct) =>
        (await CreateAsync(customer, by, idempotencyKey, ct)).Customer.Record;

    /// <summary>
    /// Creates the card, or with a key used before, answers the customer that key created
    /// (<c>Replayed</c>). The id is derived from the key, so creating the card is claiming the
    /// key, in one write. A key reused for a different customer is refused.
    /// </summary>
    public async Task<(Stored<CustomerCard> Customer, bool Replayed)> CreateAsync(NewCustomer customer, Staff by, string? idempotencyKey, CancellationToken ct)
    {
        var key = IdempotencyKey.From(idempotencyKey, null, "registerCustomer", customer);
        for (var attempt = 0; ; attempt++)
        {
            var id = key is null ? CustomerIds.New() : CustomerIds.FromIdempotencyKey(idempotencyKey!.Trim());
            var (card, registered) = CustomerRules.Register(id, customer, by, clock.GetUtcNow());
            if (key is not null && await store.GetAsync(id, ct) is { } earlier)
            {
                return (await ReplayAsync(earlier, key, ct), true);
            }
            await index.PrepareAsync(card, ct);
            if (await store.CreateAsync(card, [registered], key, ct) is { } created)
            {
                await SyncAfterCommitAsync(id, ct);
                return (created, false);
            }
            if (key is null && attempt < 5)
            {
                await index.SyncAsync(id, ct); // an id drawn twice: drop the rows prepared for it, draw again
                continue;
            }
            var existing = await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished.");
            return (await ReplayAsync(existing, key!, ct), true);
        }
    }

    private async Task<Stored<CustomerCard>> ReplayAsync(Stored<CustomerCard> existing, IdempotencyKey key, CancellationToken ct)
    {
        // The first attempt may have stopped before indexing; a racing attempt may have prepared rows.
        await index.SyncAsync(existing.Record.Id, ct);
        var earlier = await store.FindKeyAsync(existing.Record.Id, key, ct) ?? new KeyUse("registerCustomer", "", 0);
        key.EnsureSameRequestAs(earlier, "customer");
        return existing;
    }

    public StaleException Stale(string id) => store.Stale(id);

    /// <summary>Changes the card as read; <see cref="StaleException"/> when it changed meanwhile.</summary>
    public async Task<Stored<CustomerCard>> UpdateAsync(Stored<CustomerCard> stored, CustomerUpdate update, Staff by, CancellationToken ct)
    {
        var change = CustomerRules.Update(stored.Record, update, by, clock.GetUtcNow());
        if (change.IsEmpty)
        {
            return stored;
        }
        await index.PrepareAsync(change.Record, ct);
        Stored<CustomerCard> saved;
        try
        {
            saved = await store.SaveAsync(stored, change, key: null, ct);
        }
        catch
        {
            await SyncAfterCommitAsync(stored.Record.Id, ct); // the rows prepared for a change that was not saved
            throw;
        }
        await SyncAfterCommitAsync(saved.Record.Id, ct);
        return saved;
    }

    /// <summary>
    /// Brings the index rows in step with the stored card. The card is what counts: when this fails
    /// the change stands (and is answered as made); extra rows are never listed (search checks each
    /// card), and the next change or a retry of the same key tidies them.
    /// </summary>
    private async Task SyncAfterCommitAsync(string id, CancellationToken ct)
    {
        try
        {
            await index.SyncAsync(id, ct);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || Storage.StorageFailures.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Search rows of customer {Id} left for the next change to tidy", id);
        }
    }
}

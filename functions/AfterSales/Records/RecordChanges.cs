using AfterSales.Kernel;

namespace AfterSales.Records;

/// <summary>
/// What a person asks of one record: the change (<see cref="Apply"/>, plain domain rules), who
/// may ask (<see cref="Authorize"/> throws <see cref="AccessDeniedException"/>), the version they
/// saw (<see cref="Condition"/>, read only once they may see the record, so 404 and 403 come
/// first) and the request's idempotency key.
/// </summary>
public sealed record ChangeRequest<T>(string Id, Func<T, Change<T>> Apply) where T : class
{
    public Action<T>? Authorize { get; init; }
    public Func<IfMatch>? Condition { get; init; }
    public IdempotencyKey? Key { get; init; }
}

/// <summary>What a change left: the record, and whether this was a retry of a change already made.</summary>
public sealed record ChangeOutcome<T>(Stored<T> Stored, bool Replayed) where T : class;

/// <summary>The one way every record changes: read, authorize, check the version, apply the rules, save.</summary>
public static class RecordChanges
{
    /// <summary>
    /// Applies a person's change. With a key, a retry of the same request answers the record as it
    /// is now (<see cref="ChangeOutcome{T}.Replayed"/>) instead of acting twice or failing on the
    /// version it saw before its first attempt; the same key with another request is a 400.
    /// </summary>
    public static async Task<ChangeOutcome<T>> ExecuteAsync<T>(this RecordStore<T> store, ChangeRequest<T> request, CancellationToken ct) where T : class
    {
        var (id, key) = (request.Id, request.Key);
        var read = store.GetAsync(id, ct);
        var earlier = key is null ? null : await store.FindKeyAsync(id, key, ct);
        var stored = await read ?? throw NotFound(store, id);
        request.Authorize?.Invoke(stored.Record);
        if (earlier is not null)
        {
            return await ReplayAsync(store, id, key!, earlier, stored, ct);
        }
        try
        {
            if (request.Condition is not null && !request.Condition().Matches(stored.Version))
            {
                throw store.Stale(id);
            }
            var change = request.Apply(stored.Record);
            return new(change.IsEmpty ? stored : await store.SaveAsync(stored, change, key, ct), Replayed: false);
        }
        catch (StaleException) when (key is not null)
        {
            // The same request sent twice at once: the key and the record are read side by side,
            // so the other copy may have landed in between. If it did, answer as a retry.
            var winner = await store.FindKeyAsync(id, key, ct);
            if (winner is null)
            {
                throw;
            }
            return await ReplayAsync(store, id, key, winner, stored, ct);
        }
    }

    /// <summary>
    /// Applies a change the system makes (routing, escalation) to the latest version, retrying when
    /// a person changed the record at the same moment. <paramref name="apply"/> returns null when
    /// the change no longer applies; the answer is the record as it then is (null: no such record).
    /// </summary>
    public static async Task<Stored<T>?> ExecuteAsSystemAsync<T>(this RecordStore<T> store, string id, Func<T, Change<T>?> apply, CancellationToken ct) where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(id, ct);
            if (stored is null || apply(stored.Record) is not { IsEmpty: false } change)
            {
                return stored;
            }
            try
            {
                return await store.SaveAsync(stored, change, key: null, ct);
            }
            catch (StaleException) when (attempt < 5)
            {
            }
        }
    }

    public static NotFoundException NotFound<T>(RecordStore<T> store, string id) where T : class =>
        new($"There is no {store.Kind.Label} {id}.");

    /// <summary>The record as the replayed request left it (or later): never older than the change the key recorded.</summary>
    private static async Task<ChangeOutcome<T>> ReplayAsync<T>(RecordStore<T> store, string id, IdempotencyKey key, KeyUse earlier, Stored<T> seen, CancellationToken ct) where T : class
    {
        key.EnsureSameRequestAs(earlier, "action");
        var current = seen.Version >= earlier.Version ? seen : await store.GetAsync(id, ct) ?? throw NotFound(store, id);
        return new(current, Replayed: true);
    }
}

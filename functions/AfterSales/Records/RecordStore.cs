using System.Collections.Concurrent;
using System.Diagnostics;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Records;

/// <summary>A record as read from storage, with its version (events so far) and the ETag a change must match.</summary>
public sealed record Stored<T>(T Record, int Version, ETag ETag) where T : class;

/// <summary>
/// When the change feed cannot be told of a change: <see cref="Required"/> refuses the change
/// (nothing is written; the caller may retry); <see cref="Recoverable"/> writes it anyway,
/// because the caller keeps its own note of the change and announces it again later.
/// </summary>
public enum FeedPolicy { Required, Recoverable }

/// <summary>
/// One record per partition of its kind's table: the record row (<c>record</c>: JSON snapshot,
/// version, filter columns), its append-only history (<see cref="RecordHistory"/>), the
/// idempotency keys of the requests that changed it (<c>key|{hash}</c>) and whatever child rows
/// the feature keeps beside it. A change, its events, its key and its child rows commit in one
/// batch, conditional on the ETag read. Before committing, the change is announced on the
/// change feed (<see cref="ChangeFeed.ChangeFeed"/>), which publishes it once it finds it committed.
/// </summary>
public sealed class RecordStore<T>(StorageAccount storage, RecordKind<T> kind, ChangeFeed.ChangeFeed feed, ILogger<RecordStore<T>> logger) where T : class
{
    public const string RecordRow = "record";
    public const string KeyPrefix = "key|";

    public RecordKind<T> Kind => kind;

    public TableClient Table => storage.Table(kind.Table);

    public async Task<Stored<T>?> GetAsync(string id, CancellationToken ct)
    {
        if (ChangeRows.TryTake(Table.Name, id, RecordRow, out var offered))
        {
            return offered is null ? null : Read(offered);
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, RecordRow, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>
    /// The record as read at most <paramref name="maxAge"/> ago, for reads every request repeats
    /// (a customer card by id at intake, a colleague named as first-contact owner). The rule for
    /// staleness: a change saved through this process replaces the copy at once; a change made by
    /// another instance is seen within <paramref name="maxAge"/>. Null (not remembered) when there is no such record.
    /// </summary>
    public async Task<Stored<T>?> GetRecentAsync(string id, TimeSpan maxAge, CancellationToken ct)
    {
        if (_recent.TryGetValue(id, out var seen) && Stopwatch.GetElapsedTime(seen.At) < maxAge)
        {
            return seen.Stored;
        }
        var stored = await GetAsync(id, ct);
        if (stored is not null)
        {
            if (_recent.Count >= MaxRecent)
            {
                _recent.Clear(); // a bound, not an eviction policy: the next reads fill it again
            }
            _recent[id] = (stored, Stopwatch.GetTimestamp());
        }
        return stored;
    }

    /// <summary>How many records <see cref="GetRecentAsync"/> keeps at most.</summary>
    public const int MaxRecent = 10_000;

    private readonly ConcurrentDictionary<string, (Stored<T> Stored, long At)> _recent = new(StringComparer.Ordinal);

    public static Stored<T> Read(TableEntity row) =>
        new(Json.Deserialize<T>(LongText.Get(row, "Data")), row.GetInt32("Version") ?? 0, row.ETag);

    /// <summary>
    /// Creates the record with its first events (and the key of the request that created it);
    /// null when a record with this id exists already.
    /// </summary>
    public async Task<Stored<T>?> CreateAsync(T record, IReadOnlyList<DomainEvent> events, IdempotencyKey? key, CancellationToken ct,
        FeedPolicy policy = FeedPolicy.Required, IEnumerable<TableEntity>? childRows = null)
    {
        var id = kind.IdOf(record);
        var stored = RecordEvents(id, 0, events);
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, RecordEntity(record, stored.Count)) };
        Add(batch, id, stored, key, stored.Count, childRows);
        try
        {
            return await CommitAsync(id, record, stored.Count, batch, stored, policy, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Saves <paramref name="change"/> made to <paramref name="stored"/>; <see cref="StaleException"/>
    /// when someone else changed the record since it was read (or the key was used meanwhile).
    /// </summary>
    public async Task<Stored<T>> SaveAsync(Stored<T> stored, Change<T> change, IdempotencyKey? key, CancellationToken ct,
        IEnumerable<TableEntity>? childRows = null)
    {
        var id = kind.IdOf(change.Record);
        var events = RecordEvents(id, stored.Version, change.Events);
        var version = stored.Version + events.Count;
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, RecordEntity(change.Record, version), stored.ETag) };
        Add(batch, id, events, key, version, childRows);
        try
        {
            return await CommitAsync(id, change.Record, version, batch, events, FeedPolicy.Required, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            throw Stale(id);
        }
    }

    /// <summary>
    /// Adds child rows to a record's partition without changing the record (e.g. a visit on a
    /// customer card), with the key of the request; false when that key was used already.
    /// </summary>
    public async Task<bool> AddRowsAsync(string id, IEnumerable<TableEntity> rows, IdempotencyKey? key, string? result, CancellationToken ct)
    {
        var batch = rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)).ToList();
        if (key is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, KeyRow(id, key, 0, result)));
        }
        try
        {
            await Table.SubmitTransactionAsync(batch, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && key is not null)
        {
            return false;
        }
    }

    /// <summary>What the first request with this key did to the record, if one did.</summary>
    public async Task<KeyUse?> FindKeyAsync(string id, IdempotencyKey key, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, KeyPrefix + key.Hash, cancellationToken: ct);
        return row.HasValue
            ? new KeyUse(row.Value!.GetString("Action"), row.Value.GetString("RequestHash"), row.Value.GetInt32("Version") ?? 0, row.Value.GetString("Result"))
            : null;
    }

    /// <summary>The record's history, in order.</summary>
    public Task<IReadOnlyList<RecordEvent>> GetEventsAsync(string id, CancellationToken ct, int from = 1, int to = 999_999) =>
        RecordHistory.ReadAsync(Table, id, from, to, ct);

    /// <summary>
    /// Tells the change feed again of events already committed (after an announcement was lost);
    /// the feed publishes them again, and receipts keep subscribers from handling them twice.
    /// </summary>
    public async Task AnnounceAgainAsync(string id, int from, int to, CancellationToken ct)
    {
        var events = await GetEventsAsync(id, ct, from, to);
        if (events.Count > 0)
        {
            await feed.AnnounceAsync(kind.Name, id, events, ct);
        }
    }

    public StaleException Stale(string id) => new(
        $"The {kind.Label} changed since you read it.",
        $"{Capitalized(kind.Label)} {id} was changed by someone else since you read it. Read it again, apply your change and send its new ETag.");

    private async Task<Stored<T>> CommitAsync(string id, T record, int version, List<TableTransactionAction> batch,
        IReadOnlyList<RecordEvent> events, FeedPolicy policy, CancellationToken ct)
    {
        AnnouncedChange? announced = null;
        if (events.Count > 0)
        {
            try
            {
                announced = await feed.AnnounceAsync(kind.Name, id, events, ct);
            }
            catch (Exception ex) when (policy == FeedPolicy.Recoverable && (ex is RequestFailedException || StorageFailures.IsUnavailable(ex)))
            {
                logger.LogWarning(ex, "Change to {Kind} {Id} written without its feed announcement; it is announced again later", kind.Name, id);
            }
        }
        try
        {
            var response = await Table.SubmitTransactionAsync(batch, ct);
            feed.Committed();
            var stored = new Stored<T>(record, version, response.Value[0].Headers.ETag ?? ETag.All);
            if (_recent.ContainsKey(id))
            {
                _recent[id] = (stored, Stopwatch.GetTimestamp());
            }
            return stored;
        }
        catch (TableTransactionFailedException) when (announced is not null)
        {
            // Nothing was written: take the announcement back (the feed would drop it anyway).
            await feed.WithdrawQuietlyAsync(announced, ct);
            throw;
        }
    }

    private List<RecordEvent> RecordEvents(string id, int lastSequence, IReadOnlyList<DomainEvent> events) =>
        [.. events.Select((e, i) => RecordEvent.From(e, kind.Name, id, lastSequence + i + 1))];

    private void Add(List<TableTransactionAction> batch, string id, IReadOnlyList<RecordEvent> events, IdempotencyKey? key, int version, IEnumerable<TableEntity>? childRows)
    {
        batch.AddRange(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, RecordHistory.Row(e))));
        if (key is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, KeyRow(id, key, version, null)));
        }
        batch.AddRange((childRows ?? []).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
    }

    private static TableEntity KeyRow(string id, IdempotencyKey key, int version, string? result) => new(id, KeyPrefix + key.Hash)
    {
        ["Action"] = key.Action,
        ["RequestHash"] = key.RequestHash,
        ["Version"] = version,
        ["Result"] = result,
    };

    private TableEntity RecordEntity(T record, int version)
    {
        var data = Json.Serialize(record);
        if (!LongText.Fits(data))
        {
            throw ValidationException.For(kind.Label, kind.TooLarge?.Invoke(record) ?? $"This {kind.Label} has grown too large to record more on it.");
        }
        var entity = new TableEntity(kind.IdOf(record), RecordRow) { ["Version"] = version };
        kind.Columns?.Invoke(entity, record);
        LongText.Put(entity, "Data", data);
        return entity;
    }

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

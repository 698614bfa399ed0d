using System.Globalization;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Customers;

/// <summary>A card as read from storage, with its version (the number of events so far).</summary>
public sealed record StoredCustomer(CustomerCard Card, int Version, ETag ETag, string? RequestHash);

/// <summary>
/// The <c>Customers</c> table: one partition per customer holding the card (<c>customer</c>: JSON
/// snapshot, version, filter columns), its history (<c>event|000001</c>, ...), its visits
/// (<c>visit|{newest first}|{id}</c>) and the list of its index rows (<c>index</c>, see
/// <see cref="CustomerIndex"/>). A change and its events commit in one batch.
/// </summary>
public sealed class CustomerStore(StorageAccount storage)
{
    internal const string CardRow = "customer";
    private const string EventPrefix = "event|";
    private const string VisitPrefix = "visit|";
    private const string VisitKeyPrefix = "vkey|";

    private TableClient Table => storage.Table(StorageNames.Tables.Customers);

    public async Task<StoredCustomer?> GetAsync(string id, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, CardRow, cancellationToken: ct);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    internal static StoredCustomer FromEntity(TableEntity e) =>
        new(Json.Deserialize<CustomerCard>(e.GetString("Data")), e.GetInt32("Version") ?? 0, e.ETag, e.GetString("RequestHash"));

    /// <summary>Creates the card with its first event; false when a card with this id exists already.</summary>
    public async Task<bool> CreateAsync(CustomerCard card, CustomerEvent registered, string? requestHash, CancellationToken ct)
    {
        var entity = CardEntity(card, 1);
        entity["RequestHash"] = requestHash;
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, entity) };
        AddEvents(batch, card.Id, 0, [registered]);
        try
        {
            await Table.SubmitTransactionAsync(batch, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Saves a change made to <paramref name="stored"/>; <see cref="CustomerChangedException"/> when someone else saved first.</summary>
    public async Task<StoredCustomer> SaveAsync(StoredCustomer stored, CustomerCard changed, IReadOnlyList<CustomerEvent> events, CancellationToken ct)
    {
        var version = stored.Version + events.Count;
        var entity = CardEntity(changed, version);
        entity["RequestHash"] = stored.RequestHash;
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, entity, stored.ETag) };
        AddEvents(batch, changed.Id, stored.Version, events);
        try
        {
            var response = await Table.SubmitTransactionAsync(batch, ct);
            return new StoredCustomer(changed, version, response.Value[0].Headers.ETag ?? ETag.All, stored.RequestHash);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new CustomerChangedException(changed.Id);
        }
    }

    public async Task<IReadOnlyList<CustomerEvent>> GetEventsAsync(string id, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {EventPrefix} and RowKey lt {"event}"}");
        var events = new List<CustomerEvent>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            events.Add(Json.Deserialize<CustomerEvent>(row.GetString("Data")));
        }
        return events;
    }

    /// <summary>
    /// Adds the visit; with a <paramref name="key"/>, the key's row commits in the same batch.
    /// False when that key was used already (by a retry that got there first).
    /// </summary>
    public async Task<bool> AddVisitAsync(VisitRecord visit, VisitKey? key, CancellationToken ct)
    {
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - visit.From.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = $"{VisitPrefix}{newestFirst}|{visit.Id}";
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(visit.CustomerId, row) { ["From"] = visit.From, ["Data"] = Json.Serialize(visit) }),
        };
        if (key is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(visit.CustomerId, VisitKeyPrefix + key.Hash)
            {
                ["VisitRow"] = row,
                ["RequestHash"] = key.RequestHash,
            }));
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

    /// <summary>The visit an idempotency key recorded, with the hash of the request that recorded it.</summary>
    public async Task<(VisitRecord Visit, string RequestHash)?> FindVisitAsync(string customerId, VisitKey key, CancellationToken ct)
    {
        var keyRow = await Table.GetEntityIfExistsAsync<TableEntity>(customerId, VisitKeyPrefix + key.Hash, cancellationToken: ct);
        if (!keyRow.HasValue)
        {
            return null;
        }
        var visit = await Table.GetEntityAsync<TableEntity>(customerId, keyRow.Value!.GetString("VisitRow"), cancellationToken: ct);
        return (Json.Deserialize<VisitRecord>(visit.Value.GetString("Data")), keyRow.Value.GetString("RequestHash"));
    }

    /// <summary>A customer's visits, the latest first.</summary>
    public async Task<(IReadOnlyList<VisitRecord> Items, string? ContinuationToken)> ListVisitsAsync(string id, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {VisitPrefix} and RowKey lt {"visit}"}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: ct).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(v => Json.Deserialize<VisitRecord>(v.GetString("Data")))], page.ContinuationToken);
        }
        return ([], null);
    }

    private static void AddEvents(List<TableTransactionAction> batch, string id, int lastSequence, IReadOnlyList<CustomerEvent> events)
    {
        var sequence = lastSequence;
        foreach (var e in events)
        {
            var stored = e with { Sequence = ++sequence };
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(id, $"{EventPrefix}{sequence:D6}")
            {
                ["Type"] = stored.Type,
                ["At"] = stored.At,
                ["ActorId"] = stored.By.Id,
                ["Data"] = Json.Serialize(stored),
            }));
        }
    }

    private static TableEntity CardEntity(CustomerCard card, int version) => new(card.Id, CardRow)
    {
        ["Data"] = Json.Serialize(card),
        ["Version"] = version,
        ["Name"] = card.Name,
        ["Grade"] = card.Grade.ToString(),
        ["Province"] = card.Province,
    };
}

/// <summary>The customer changed since the caller read it.</summary>
public sealed class CustomerChangedException(string id) : Exception($"Customer {id} was changed by someone else.")
{
    public string Id { get; } = id;
}

/// <summary>An idempotency key sent with a visit (hashed with the sender), and the hash of the visit it asked for.</summary>
public sealed record VisitKey(string Hash, string RequestHash);

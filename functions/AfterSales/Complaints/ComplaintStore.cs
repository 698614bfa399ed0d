using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Complaints;

/// <summary>A complaint as read from storage, with the version a later write must match.</summary>
public sealed record StoredComplaint(Complaint Complaint, int Version, ETag ETag);

/// <summary>
/// The <c>Complaints</c> table: one partition per complaint number holding the complaint row
/// (a JSON snapshot plus columns to filter on), its events (<c>event|000001</c>, ...), its
/// outbox (<c>outbox|…</c>) and the idempotency keys of its actions (<c>action|…</c>). A change,
/// its events, its messages and its key commit in one batch.
/// </summary>
public sealed class ComplaintStore(StorageAccount storage, Outbox outbox)
{
    private const string ComplaintRow = "complaint";
    private const string EventPrefix = "event|";
    private const string ActionPrefix = "action|";

    private TableClient Table => storage.Table(StorageNames.Tables.Complaints);

    public async Task<StoredComplaint?> GetAsync(string number, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(number, ComplaintRow, cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        return new StoredComplaint(Json.Deserialize<Complaint>(LongText.Get(entity, "Data")), entity.GetInt32("Version") ?? 0, entity.ETag);
    }

    /// <summary>Creates the complaint with its first events and messages; null when it already exists.</summary>
    public async Task<StoredComplaint?> CreateAsync(Complaint complaint, IReadOnlyList<ComplaintEvent> events, IReadOnlyList<OutboxMessage> messages,
        Func<StoredComplaint, Task<bool>>? afterCommit, CancellationToken ct)
    {
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ComplaintEntity(complaint, events.Count)) };
        AddEventsAndMessages(batch, complaint.Number, 0, events, messages);
        try
        {
            return await CommitAsync(complaint, events.Count, batch, messages, afterCommit, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Saves a change made to <paramref name="stored"/>: fails with <see cref="ConcurrencyException"/>
    /// when someone else changed the complaint since it was read.
    /// </summary>
    /// <remarks>
    /// <paramref name="afterCommit"/> runs once the change is committed, while its messages are
    /// sent; when it returns true, the <see cref="OutboxMessage.SafetyNet"/> messages are discarded.
    /// <paramref name="key"/>, when given, is stored with the change, so a retry of the same request finds it (<see cref="FindActionAsync"/>).
    /// </remarks>
    public async Task<StoredComplaint> SaveAsync(StoredComplaint stored, Complaint changed, IReadOnlyList<ComplaintEvent> events, IReadOnlyList<OutboxMessage> messages,
        Func<StoredComplaint, Task<bool>>? afterCommit, ActionKey? key, CancellationToken ct)
    {
        var version = stored.Version + events.Count;
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ComplaintEntity(changed, version), stored.ETag),
        };
        AddEventsAndMessages(batch, changed.Number, stored.Version, events, messages);
        if (key is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(changed.Number, ActionPrefix + key.Hash)
            {
                ["Action"] = key.Action,
                ["RequestHash"] = key.RequestHash,
                ["Version"] = version,
                ["ActorId"] = key.ActorId,
            }));
        }
        try
        {
            return await CommitAsync(changed, version, batch, messages, afterCommit, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            throw new ConcurrencyException(changed.Number);
        }
    }

    /// <summary>The action an idempotency key was first used for on this complaint, if it was.</summary>
    public async Task<ActionKey?> FindActionAsync(string number, string keyHash, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(number, ActionPrefix + keyHash, cancellationToken: ct);
        return row.HasValue
            ? new ActionKey(keyHash, row.Value!.GetString("Action"), row.Value.GetString("RequestHash"), row.Value.GetString("ActorId"))
            : null;
    }

    public async Task<IReadOnlyList<ComplaintEvent>> GetEventsAsync(string number, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {number} and RowKey ge {EventPrefix} and RowKey lt {"event}"}");
        var events = new List<ComplaintEvent>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            events.Add(Json.Deserialize<ComplaintEvent>(row.GetString("Data")));
        }
        return events;
    }

    /// <summary>Commits the batch, then sends the messages it holds (the outbox makes sure they go at least once).</summary>
    private async Task<StoredComplaint> CommitAsync(Complaint complaint, int version, List<TableTransactionAction> batch,
        IReadOnlyList<OutboxMessage> messages, Func<StoredComplaint, Task<bool>>? afterCommit, CancellationToken ct)
    {
        var mark = messages.Count == 0 ? (ETag?)null : await outbox.MarkPendingAsync(StorageNames.Tables.Complaints, complaint.Number, ct);
        var response = await Table.SubmitTransactionAsync(batch, ct);
        var stored = new StoredComplaint(complaint, version, response.Value[0].Headers.ETag ?? ETag.All);
        Task<bool> Work() => afterCommit is null ? Task.FromResult(false) : afterCommit(stored);
        if (mark is { } m)
        {
            await outbox.SendCommittedAsync(StorageNames.Tables.Complaints, complaint.Number, messages, Work, m, ct);
        }
        else
        {
            await Work();
        }
        return stored;
    }

    private static void AddEventsAndMessages(List<TableTransactionAction> batch, string number, int lastSequence, IReadOnlyList<ComplaintEvent> events, IReadOnlyList<OutboxMessage> messages)
    {
        var sequence = lastSequence;
        foreach (var e in events)
        {
            var stored = e with { Sequence = ++sequence };
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(number, $"{EventPrefix}{sequence:D6}")
            {
                ["Type"] = stored.Type,
                ["At"] = stored.At,
                ["ActorId"] = stored.By.Id,
                ["Data"] = Json.Serialize(stored),
            }));
        }
        batch.AddRange(messages.Select(m => new TableTransactionAction(TableTransactionActionType.Add, Outbox.Row(number, m))));
    }

    private static TableEntity ComplaintEntity(Complaint complaint, int version)
    {
        var data = Json.Serialize(complaint);
        if (!LongText.Fits(data))
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["complaint"] = [$"{complaint.Number} has grown too large to record more on it; continue in a linked follow-up complaint."],
            });
        }
        var entity = new TableEntity(complaint.Number, ComplaintRow)
        {
            ["Version"] = version,
            ["State"] = complaint.State.ToString(),
            ["Month"] = ComplaintNumber.MonthOf(complaint.Number),
            ["CustomerId"] = complaint.Customer.CustomerId,
        };
        LongText.Put(entity, "Data", data);
        return entity;
    }
}

/// <summary>
/// An idempotency key a person sent with a lifecycle action (stored hashed), what it asked for,
/// and who sent it. Its row also records the version the action produced.
/// </summary>
public sealed record ActionKey(string Hash, string Action, string RequestHash, string ActorId);

/// <summary>The complaint changed since the caller read it.</summary>
public sealed class ConcurrencyException(string number) : Exception($"Complaint {number} was changed by someone else.")
{
    public string Number { get; } = number;
}

using AfterSales.Storage;
using AfterSales.Kernel;
using AfterSales.Records;
using Azure.Data.Tables;

namespace AfterSales.StaffDirectory;

/// <summary>How the directory is kept: one partition per member (their card, its history, its keys).</summary>
public static class StaffRecords
{
    public const string Kind = "staffMember";
    public const string Table = "StaffDirectory";

    public static readonly RecordKind<StaffMember> Definition = new(Kind, Table, "staff member", m => m.Id)
    {
        Columns = (row, m) =>
        {
            row["Name"] = m.Name;
            row["Department"] = m.Department.Code();
            row["Active"] = m.Active;
        },
    };
}

/// <summary>The staff directory: find a member (one point read), list them, add and change them.</summary>
public sealed class StaffMembers(RecordStore<StaffMember> store, TimeProvider clock)
{
    public RecordStore<StaffMember> Store => store;

    /// <summary>The member with this id; null when there is none (or the id could not be one).</summary>
    public async Task<StaffMember?> FindAsync(string? id, CancellationToken ct) =>
        StaffRules.IsValidId(id) ? (await store.GetAsync(id!.Trim(), ct))?.Record : null;

    /// <summary>
    /// <see cref="FindAsync"/> for a colleague named on an intake, read at most <see cref="RecentFor"/>
    /// ago (a change saved here is seen at once; one made on another instance within that time).
    /// </summary>
    public async Task<StaffMember?> FindRecentAsync(string? id, CancellationToken ct) =>
        StaffRules.IsValidId(id) ? (await store.GetRecentAsync(id!.Trim(), RecentFor, ct))?.Record : null;

    /// <summary>How old a member read for an intake may be.</summary>
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(60);

    public async Task<Stored<StaffMember>> GetAsync(string id, CancellationToken ct) =>
        (StaffRules.IsValidId(id) ? await store.GetAsync(id.Trim(), ct) : null) ?? throw RecordChanges.NotFound(store, id);

    /// <summary>Adds a member; with a key, a retry answers the member it added. A member already there is a 409.</summary>
    public async Task<(Stored<StaffMember> Member, bool Replayed)> AddAsync(StaffMemberInput input, Staff by, string? idempotencyKey, CancellationToken ct)
    {
        var change = StaffRules.Add(input, by, clock.GetUtcNow());
        var id = change.Record.Id;
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "addStaffMember", input);
        if (key is not null && await store.FindKeyAsync(id, key, ct) is { } earlier)
        {
            key.EnsureSameRequestAs(earlier, "member");
            return (await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id), true);
        }
        if (await store.CreateAsync(change.Record, change.Events, key, ct) is { } created)
        {
            return (created, false);
        }
        if (key is not null && await store.FindKeyAsync(id, key, ct) is not null)
        {
            return (await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id), true); // the same request raced itself
        }
        throw new ConflictException("This member is already in the directory.", $"{id} is in the staff directory already; change them with PUT /api/staff/{id}.");
    }

    public Task<ChangeOutcome<StaffMember>> UpdateAsync(string id, StaffMemberInput input, Staff by, Func<IfMatch> condition, CancellationToken ct)
    {
        if (!StaffRules.IsValidId(id))
        {
            throw RecordChanges.NotFound(store, id);
        }
        return store.ExecuteAsync(new ChangeRequest<StaffMember>(id.Trim(), m => StaffRules.Update(m, input, by, clock.GetUtcNow())) { Condition = condition }, ct);
    }

    /// <summary>Members by department (all when null), active ones only unless asked; in id order, paginated.</summary>
    public async Task<Page<StaffMember>> ListAsync(Department? department, bool includeInactive, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordStore<StaffMember>.RecordRow}");
        if (department is { } d)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Department eq {d.Code()}");
        }
        if (!includeInactive)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Active eq {true}");
        }
        var scope = $"staff|{department}|{includeInactive}";
        return await store.Table.PageAsync(filter, pageSize, continuationToken, scope, r => RecordStore<StaffMember>.Read(r).Record, ct);
    }
}

using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.WorkItems;

/// <summary>One open work item in a department's work queue, whatever record it belongs to.</summary>
public sealed record InboxItem(
    string RecordKind,
    string RecordId,
    string StepId,
    string Step,
    string? Stage,
    Department Department,
    DateTimeOffset DueAt,
    bool Overdue,
    bool Paused,
    PauseReason? PauseReason,
    EscalationLevel Escalation,
    string? Assignee,
    string Subject,
    string? Owner,
    string State,
    string? Path);

/// <summary>Which inbox rows to show.</summary>
public enum InboxFilter { All, Open, Paused, Overdue }

/// <summary>
/// The <c>Inbox</c> table: one partition per department, one row per open work item, keyed
/// <c>{due}|{kind}|{id}|{item}</c> so a partition reads in due-time order. Rows are a projection
/// of their record, rebuilt from its current state, so replaying it any number of times is
/// harmless. A <c>workitems</c> row beside each record remembers which rows exist (and for which
/// version), so stale rows are removed and an older projection never overwrites a newer one.
/// </summary>
public sealed class Inbox(StorageAccount storage, TimeProvider clock)
{
    public const string Table = "Inbox";

    private TableClient Rows => storage.Table(Table);

    /// <summary>The start of every row key: the due time to the second, so key ranges are due-time ranges.</summary>
    public static string DueKey(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset dueAt, string kind, string id, string itemId) => $"{DueKey(dueAt)}|{kind}|{id}|{itemId}";

    /// <summary>Makes the inbox rows match the record's open items as of the snapshot's version.</summary>
    public async Task ProjectAsync(IWorkItemHost host, string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (snapshot, state) = await host.ReadAsync(id, ct);
            var shown = state?.GetInt32("Version") ?? 0;
            if (snapshot is null || shown >= snapshot.Version)
            {
                return;
            }
            var current = Keys(state?.GetString("Keys"));
            if (current.Count == 0 && snapshot.Open.Count == 0)
            {
                return; // nothing shown, nothing to show: no need to note it
            }
            var wanted = snapshot.Open.Select(s => (Partition: s.Department.Code(), Row: RowKey(s.DueAt, snapshot.Kind, id, s.Id), Item: s)).ToList();
            var wantedKeys = wanted.Select(w => $"{w.Partition}/{w.Row}").ToHashSet();
            try
            {
                // Remember every row before writing it, so none is ever orphaned
                // (when every wanted row is already remembered, there is nothing to add).
                var intent = state?.ETag;
                if (!wantedKeys.IsSubsetOf(current))
                {
                    intent = await SaveStateAsync(host, id, intent, current.Union(wantedKeys), shown, ct);
                }
                await Task.WhenAll(
                    wanted.Select(w => (Task)Rows.UpsertEntityAsync(Row(w.Partition, w.Row, snapshot, w.Item), TableUpdateMode.Replace, ct))
                        .Concat(current.Except(wantedKeys).Select(stale => stale.Split('/', 2)).Select(k => IgnoreMissing(Rows.DeleteEntityAsync(k[0], k[1], Azure.ETag.All, ct)))));
                await SaveStateAsync(host, id, intent, wantedKeys, snapshot.Version, ct);
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another projection of the same record ran at the same time: start again from its result.
            }
        }
    }

    public async Task<Page<InboxItem>> ListAsync(Department department, InboxFilter filter, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = filter switch
        {
            InboxFilter.Open => TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and Paused eq {false}"),
            InboxFilter.Paused => TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and Paused eq {true}"),
            // Row keys start with the due time, so overdue rows are a key range.
            InboxFilter.Overdue => TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and RowKey lt {DueKey(now)} and Paused eq {false}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()}"),
        };
        var scope = $"inbox|{department}|{filter}";
        return await Rows.PageAsync(query, pageSize, continuationToken, scope, e => Item(e, department, now), ct);
    }

    /// <summary>The records with a work item in <paramref name="department"/> that is overdue at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<(string Kind, string Id)>> OverdueAsync(Department department, DateTimeOffset now, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and RowKey lt {DueKey(now)} and Paused eq {false}");
        var found = new HashSet<(string, string)>();
        await foreach (var row in Rows.QueryAsync<TableEntity>(filter, select: ["RecordKind", "RecordId"], cancellationToken: ct))
        {
            found.Add((row.GetString("RecordKind"), row.GetString("RecordId")));
        }
        return [.. found];
    }

    /// <summary>A department's open, running items due in [<paramref name="from"/>, <paramref name="to"/>), earliest first (one key-range query).</summary>
    public async Task<IReadOnlyList<InboxItem>> DueBetweenAsync(Department department, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and RowKey ge {DueKey(from)} and RowKey lt {DueKey(to)} and Paused eq {false}");
        var now = clock.GetUtcNow();
        var items = new List<InboxItem>();
        await foreach (var row in Rows.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            items.Add(Item(row, department, now));
        }
        return items;
    }

    private static TableEntity Row(string partition, string row, WorkItemsSnapshot record, WorkItem item) => new(partition, row)
    {
        ["RecordKind"] = record.Kind,
        ["RecordId"] = record.Id,
        ["StepId"] = item.Id,
        ["Step"] = item.Kind,
        ["Stage"] = item.Stage,
        ["DueAt"] = item.DueAt,
        ["Paused"] = item.IsPaused,
        ["PauseReason"] = item.PauseReason?.ToString(),
        ["Escalation"] = item.Escalation.ToString(),
        ["Assignee"] = item.Assignee?.Name,
        ["AssigneeId"] = item.Assignee?.Id,
        ["Subject"] = record.Summary.Subject,
        ["Owner"] = record.Summary.Owner?.Name,
        ["OwnerId"] = record.Summary.Owner?.Id,
        ["State"] = record.Summary.State,
        ["Path"] = record.Summary.Path,
    };

    private static InboxItem Item(TableEntity e, Department department, DateTimeOffset now)
    {
        var due = e.GetDateTimeOffset("DueAt")!.Value;
        var paused = e.GetBoolean("Paused") ?? false;
        return new InboxItem(
            e.GetString("RecordKind"), e.GetString("RecordId"), e.GetString("StepId"), e.GetString("Step"), e.GetString("Stage"), department, due,
            !paused && now > due, paused,
            e.GetString("PauseReason") is { } r ? Enum.Parse<PauseReason>(r) : null,
            Enum.Parse<EscalationLevel>(e.GetString("Escalation") ?? nameof(EscalationLevel.None)),
            e.GetString("Assignee"), e.GetString("Subject"), e.GetString("Owner"), e.GetString("State"), e.GetString("Path"));
    }

    private static async Task<Azure.ETag> SaveStateAsync(IWorkItemHost host, string id, Azure.ETag? etag, IEnumerable<string> keys, int version, CancellationToken ct)
    {
        var entity = new TableEntity(id, WorkItemHosts.StateRow)
        {
            ["Keys"] = string.Join('\n', keys.Order(StringComparer.Ordinal)),
            ["Version"] = version,
        };
        var response = etag is { } e
            ? await host.Table.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, ct)
            : await host.Table.AddEntityAsync(entity, ct);
        return response.Headers.ETag ?? Azure.ETag.All;
    }

    private static async Task IgnoreMissing(Task<Azure.Response> delete)
    {
        try
        {
            await delete;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static HashSet<string> Keys(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}

using System.Globalization;
using AfterSales.Complaints;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Departments;

/// <summary>One open step in a department's work queue.</summary>
public sealed record InboxItem(
    string Number,
    string StepId,
    StepKind Step,
    Department Department,
    DateTimeOffset DueAt,
    bool Overdue,
    bool Paused,
    PauseReason? PauseReason,
    EscalationLevel Escalation,
    string? Assignee,
    string CustomerName,
    string FirstContactOwner,
    ComplaintState State,
    HandlingPath? Path);

/// <summary>Which inbox rows to show.</summary>
public enum InboxFilter { All, Open, Paused, Overdue }

/// <summary>
/// The <c>Inbox</c> table: one partition per department, one row per open step, keyed
/// <c>{due}|{number}|{step}</c> so a partition reads in due-time order. Rows are a projection of
/// the complaint, rebuilt from its current state, so replaying it any number of times is harmless.
/// The complaint partition's <c>inbox</c> row remembers which rows exist (and for which version),
/// so stale rows are removed and an older projection never overwrites a newer one.
/// </summary>
public sealed class Inbox(StorageAccount storage, TimeProvider clock)
{
    private const string ProjectionRow = "inbox";

    private TableClient Table => storage.Table(StorageNames.Tables.Inbox);
    private TableClient Complaints => storage.Table(StorageNames.Tables.Complaints);

    public static string RowKey(DateTimeOffset dueAt, string number, string stepId) =>
        $"{DueKey(dueAt)}|{number}|{stepId}";

    private static string DueKey(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Makes the inbox rows match the complaint's open steps as of <paramref name="version"/>.</summary>
    public async Task ProjectAsync(Complaint complaint, int version, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var projection = await Complaints.GetEntityIfExistsAsync<TableEntity>(complaint.Number, ProjectionRow, cancellationToken: ct);
            if (projection.HasValue && (projection.Value!.GetInt32("Version") ?? 0) >= version)
            {
                return;
            }
            var current = projection.HasValue ? Keys(projection.Value!.GetString("Keys")) : [];
            var wanted = complaint.OpenSteps.Select(s => (Partition: s.Department.Code(), Row: RowKey(s.DueAt, complaint.Number, s.Id), Step: s)).ToList();
            var wantedKeys = wanted.Select(w => $"{w.Partition}/{w.Row}").ToHashSet();
            try
            {
                // Remember every row we may write before writing it, so none is ever orphaned
                // (when every wanted row is already remembered, there is nothing to add).
                var intent = projection.HasValue ? projection.Value!.ETag : (ETag?)null;
                if (!wantedKeys.IsSubsetOf(current))
                {
                    intent = await SaveKeysAsync(complaint.Number, intent, current.Union(wantedKeys), projection.HasValue ? projection.Value!.GetInt32("Version") ?? 0 : 0, ct);
                }
                await Task.WhenAll(
                    wanted.Select(w => (Task)Table.UpsertEntityAsync(Row(w.Partition, w.Row, complaint, w.Step), TableUpdateMode.Replace, ct))
                        .Concat(current.Except(wantedKeys).Select(stale => stale.Split('/', 2)).Select(k => IgnoreMissing(Table.DeleteEntityAsync(k[0], k[1], ETag.All, ct)))));
                await SaveKeysAsync(complaint.Number, intent, wantedKeys, version, ct);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another projection of the same complaint ran at the same time: start again from its result.
            }
        }
    }

    public async Task<(IReadOnlyList<InboxItem> Items, string? ContinuationToken)> ListAsync(
        Department department, InboxFilter filter, int pageSize, string? continuationToken, CancellationToken ct)
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
        await foreach (var page in Table.QueryAsync<TableEntity>(query, maxPerPage: pageSize, cancellationToken: ct).AsPages(PageTokens.Unwrap(continuationToken, scope), pageSize))
        {
            return ([.. page.Values.Select(e => Item(e, department, now))], PageTokens.Wrap(page.ContinuationToken, scope));
        }
        return ([], null);
    }

    /// <summary>The complaints with a step in <paramref name="department"/> that is overdue at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<string>> OverdueComplaintsAsync(Department department, DateTimeOffset now, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {department.Code()} and RowKey lt {DueKey(now)} and Paused eq {false}");
        var numbers = new HashSet<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Number"], cancellationToken: ct))
        {
            numbers.Add(row.GetString("Number"));
        }
        return [.. numbers];
    }

    private static TableEntity Row(string partition, string row, Complaint complaint, Step step) => new(partition, row)
    {
        ["Number"] = complaint.Number,
        ["StepId"] = step.Id,
        ["Step"] = step.Kind.ToString(),
        ["DueAt"] = step.DueAt,
        ["Paused"] = step.IsPaused,
        ["PauseReason"] = step.PauseReason?.ToString(),
        ["Escalation"] = step.Escalation.ToString(),
        ["Assignee"] = step.Assignee?.Name,
        ["AssigneeId"] = step.Assignee?.Id,
        ["CustomerName"] = complaint.Customer.Name,
        ["FirstContactOwner"] = complaint.FirstContactOwner.Name,
        ["FirstContactOwnerId"] = complaint.FirstContactOwner.Id,
        ["State"] = complaint.State.ToString(),
        ["Path"] = complaint.Path?.ToString(),
    };

    private static InboxItem Item(TableEntity e, Department department, DateTimeOffset now)
    {
        var due = e.GetDateTimeOffset("DueAt")!.Value;
        var paused = e.GetBoolean("Paused") ?? false;
        return new InboxItem(
            e.GetString("Number"), e.GetString("StepId"), Enum.Parse<StepKind>(e.GetString("Step")), department, due,
            !paused && now > due, paused,
            e.GetString("PauseReason") is { } r ? Enum.Parse<PauseReason>(r) : null,
            Enum.Parse<EscalationLevel>(e.GetString("Escalation") ?? nameof(EscalationLevel.None)),
            e.GetString("Assignee"), e.GetString("CustomerName"), e.GetString("FirstContactOwner"),
            Enum.Parse<ComplaintState>(e.GetString("State")),
            e.GetString("Path") is { } p ? Enum.Parse<HandlingPath>(p) : null);
    }

    private async Task<ETag> SaveKeysAsync(string number, ETag? etag, IEnumerable<string> keys, int version, CancellationToken ct)
    {
        var entity = new TableEntity(number, ProjectionRow)
        {
            ["Keys"] = string.Join('\n', keys.Order(StringComparer.Ordinal)),
            ["Version"] = version,
        };
        var response = etag is { } e
            ? await Complaints.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, ct)
            : await Complaints.AddEntityAsync(entity, ct);
        return response.Headers.ETag ?? ETag.All;
    }

    private static async Task IgnoreMissing(Task<Response> delete)
    {
        try
        {
            await delete;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private static HashSet<string> Keys(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}

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
    string Step,
    Department Department,
    DateTimeOffset DueAt,
    string CustomerName,
    string FirstContactOwner,
    string State);

/// <summary>
/// The <c>Inbox</c> table: one partition per department, one row per open step, keyed
/// <c>{due}|{number}|{step}</c> so a partition reads in due-time order. Rows are a projection of
/// the complaint, rebuilt from its current state, so replaying it any number of times is harmless.
/// The complaint partition's <c>inbox</c> row remembers which rows exist, so stale ones are removed.
/// </summary>
public sealed class Inbox(StorageAccount storage)
{
    private const string ProjectionRow = "inbox";

    private TableClient Table => storage.Table(StorageNames.Tables.Inbox);
    private TableClient Complaints => storage.Table(StorageNames.Tables.Complaints);

    public static string RowKey(DateTimeOffset dueAt, string number, string stepId) =>
        $"{dueAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}|{number}|{stepId}";

    /// <summary>Makes the inbox rows match the complaint's open steps.</summary>
    public async Task ProjectAsync(Complaint complaint, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var projection = await Complaints.GetEntityIfExistsAsync<TableEntity>(complaint.Number, ProjectionRow, cancellationToken: ct);
            var current = projection.HasValue ? Keys(projection.Value!.GetString("Keys")) : [];
            var wanted = complaint.OpenSteps.Select(s => (Partition: s.Department.Code(), Row: RowKey(s.DueAt, complaint.Number, s.Id), Step: s)).ToList();
            var wantedKeys = wanted.Select(w => $"{w.Partition}/{w.Row}").ToHashSet();
            try
            {
                // Remember every row we may write before writing it, so none is ever orphaned.
                var intent = await SaveKeysAsync(complaint.Number, projection.HasValue ? projection.Value!.ETag : (ETag?)null, current.Union(wantedKeys), ct);
                foreach (var (partition, row, step) in wanted)
                {
                    await Table.UpsertEntityAsync(new TableEntity(partition, row)
                    {
                        ["Number"] = complaint.Number,
                        ["StepId"] = step.Id,
                        ["Step"] = step.Kind,
                        ["DueAt"] = step.DueAt,
                        ["CustomerName"] = complaint.Customer.Name,
                        ["FirstContactOwner"] = complaint.FirstContactOwner.Name,
                        ["State"] = complaint.State.ToString(),
                    }, TableUpdateMode.Replace, ct);
                }
                foreach (var stale in current.Except(wantedKeys))
                {
                    var parts = stale.Split('/', 2);
                    await Table.DeleteEntityAsync(parts[0], parts[1], ETag.All, ct);
                }
                await SaveKeysAsync(complaint.Number, intent, wantedKeys, ct);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another projection of the same complaint ran at the same time: start again from its result.
            }
        }
    }

    public async Task<(IReadOnlyList<InboxItem> Items, string? ContinuationToken)> ListAsync(
        Department department, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var query = Table.QueryAsync<TableEntity>(e => e.PartitionKey == department.Code(), maxPerPage: pageSize, cancellationToken: ct);
        await foreach (var page in query.AsPages(continuationToken, pageSize))
        {
            var items = page.Values.Select(e => new InboxItem(
                e.GetString("Number"), e.GetString("StepId"), e.GetString("Step"), department,
                e.GetDateTimeOffset("DueAt")!.Value, e.GetString("CustomerName"), e.GetString("FirstContactOwner"), e.GetString("State"))).ToList();
            return (items, page.ContinuationToken);
        }
        return ([], null);
    }

    private async Task<ETag> SaveKeysAsync(string number, ETag? etag, IEnumerable<string> keys, CancellationToken ct)
    {
        var entity = new TableEntity(number, ProjectionRow) { ["Keys"] = string.Join('\n', keys.Order(StringComparer.Ordinal)) };
        var response = etag is { } e
            ? await Complaints.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, ct)
            : await Complaints.AddEntityAsync(entity, ct);
        return response.Headers.ETag ?? ETag.All;
    }

    private static HashSet<string> Keys(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}

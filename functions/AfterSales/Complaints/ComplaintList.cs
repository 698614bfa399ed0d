using AfterSales.Departments;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Complaints;

/// <summary>One complaint in a list.</summary>
public sealed record ComplaintSummary(
    string Number,
    string State,
    string? Path,
    string Kind,
    string? CustomerId,
    string CustomerName,
    string? PartNumber,
    string? OrderNumber,
    DateTimeOffset ReceivedAt,
    string FirstContactOwner,
    DateTimeOffset? NextDueAt,
    bool Overdue,
    IReadOnlyList<string> Departments);

/// <summary>What a list asks for; every part is optional.</summary>
public sealed record ComplaintQuery(
    string? Month = null,
    ComplaintState? State = null,
    HandlingPath? Path = null,
    Department? Department = null,
    string? CustomerId = null,
    string? OwnerId = null,
    bool? Overdue = null);

/// <summary>Lists complaints from the <c>ComplaintIndex</c> table (one partition per month), newest first.</summary>
public sealed class ComplaintList(StorageAccount storage, TimeProvider clock)
{
    private TableClient Index => storage.Table(StorageNames.Tables.ComplaintIndex);

    public async Task<(IReadOnlyList<ComplaintSummary> Items, string? ContinuationToken)> ListAsync(
        ComplaintQuery q, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var clauses = new List<string>();
        if (q.Month is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Partition(q.Month)}"));
        }
        if (q.State is { } state)
        {
            clauses.Add(TableClient.CreateQueryFilter($"State eq {ComplaintLifecycle.Code(state)}"));
        }
        if (q.Path is { } path)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Path eq {ComplaintLifecycle.Code(path)}"));
        }
        if (q.Department is { } d)
        {
            clauses.Add($"At{d} eq true");
        }
        if (q.CustomerId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CustomerId eq {q.CustomerId}"));
        }
        if (q.OwnerId is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"FirstContactOwnerId eq {q.OwnerId}"));
        }
        if (q.Overdue is true)
        {
            clauses.Add(TableClient.CreateQueryFilter($"NextDueAt lt {now}"));
        }
        else if (q.Overdue is false)
        {
            clauses.Add(TableClient.CreateQueryFilter($"not (NextDueAt lt {now})"));
        }
        var filter = clauses.Count == 0 ? null : string.Join(" and ", clauses.Select(c => $"({c})"));
        // The token is bound to the filters (the record prints them all), not to the instant.
        var scope = $"complaints|{q}";
        await foreach (var page in Index.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: ct).AsPages(PageTokens.Unwrap(continuationToken, scope), pageSize))
        {
            return ([.. page.Values.Select(e => Summary(e, now))], PageTokens.Wrap(page.ContinuationToken, scope));
        }
        return ([], null);
    }

    /// <summary>
    /// Complaints of the same customer about the same part or order within <paramref name="window"/>
    /// before <paramref name="receivedAt"/>: likely the same problem reported twice.
    /// </summary>
    public async Task<IReadOnlyList<string>> LikelyDuplicatesAsync(CustomerFacts customer, ComplaintDetails details, DateTimeOffset receivedAt, TimeSpan window, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(details.PartNumber) && string.IsNullOrWhiteSpace(details.OrderNumber))
        {
            return [];
        }
        var key = ComplaintProjection.CustomerKey(customer);
        var since = receivedAt - window;
        // Only the months the window touches (a day either side covers any time zone).
        var newest = IndexKeys.Partition(ComplaintNumber.Month(receivedAt.AddDays(1)));
        var oldest = IndexKeys.Partition(ComplaintNumber.Month(since.AddDays(-1)));
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {newest} and PartitionKey le {oldest} and CustomerKey eq {key} and ReceivedAt ge {since}");
        var found = new List<string>();
        await foreach (var e in Index.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var samePart = !string.IsNullOrWhiteSpace(details.PartNumber) && string.Equals(e.GetString("PartNumber"), details.PartNumber, StringComparison.OrdinalIgnoreCase);
            var sameOrder = !string.IsNullOrWhiteSpace(details.OrderNumber) && string.Equals(e.GetString("OrderNumber"), details.OrderNumber, StringComparison.OrdinalIgnoreCase);
            if (samePart || sameOrder)
            {
                found.Add(e.GetString("Number"));
            }
        }
        return found;
    }

    private static ComplaintSummary Summary(TableEntity e, DateTimeOffset now)
    {
        var nextDue = e.GetDateTimeOffset("NextDueAt");
        return new ComplaintSummary(
            e.GetString("Number"), e.GetString("State"), e.GetString("Path"), e.GetString("Kind"), e.GetString("CustomerId"), e.GetString("CustomerName"),
            e.GetString("PartNumber"), e.GetString("OrderNumber"), e.GetDateTimeOffset("ReceivedAt")!.Value, e.GetString("FirstContactOwner"),
            nextDue, nextDue is { } due && due < now,
            [.. Enum.GetValues<Department>().Where(d => e.GetBoolean("At" + d) == true).Select(d => d.Code())]);
    }
}

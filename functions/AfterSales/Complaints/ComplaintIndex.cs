using System.Globalization;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
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
    IReadOnlyList<string> Departments,
    bool Urgent = false);

/// <summary>What a list asks for; every part is optional.</summary>
public sealed record ComplaintQuery(
    string? Month = null,
    ComplaintState? State = null,
    HandlingPath? Path = null,
    Department? Department = null,
    string? CustomerId = null,
    string? OwnerId = null,
    bool? Overdue = null,
    bool? Urgent = null);

/// <summary>
/// The <c>ComplaintIndex</c> table, one partition per month, one row per complaint: what lists
/// filter on. Rows are a projection of the complaint carrying the version they show; they never
/// go backwards, so projecting again, late or out of order changes nothing.
/// </summary>
public sealed class ComplaintIndex(StorageAccount storage, TimeProvider clock)
{
    private TableClient Index => storage.Table(ComplaintRecords.IndexTable);

    /// <summary>
    /// Brings the complaint's row up to the stored version (never back). The version and ETag this
    /// instance last wrote are remembered, so the next change writes on that ETag without reading
    /// the row first; a write from another instance in between fails it, and the row is read (as it
    /// is for a version not newer than the one remembered: a repeated or late change). A complaint
    /// still <see cref="ComplaintState.Received"/> that this instance has not written is most likely
    /// new: its row is added without a read, and found already there it is read after all.
    /// </summary>
    public async Task ProjectAsync(Stored<Complaint> stored, CancellationToken ct)
    {
        var (partition, rowKey) = IndexKeys.Of(stored.Record.Number);
        var remembered = _written.TryGetValue(stored.Record.Number, out var written);
        if (remembered && written.Version < stored.Version)
        {
            try
            {
                Remember(stored.Record.Number, stored.Version, (await Index.UpdateEntityAsync(Row(stored), written.ETag, TableUpdateMode.Replace, ct)).Headers.ETag);
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                _written.TryRemove(stored.Record.Number, out _);
            }
        }
        // Received and not written here: most likely new, so the first try adds the row without reading it.
        var likelyNew = !remembered && stored.Record.State == ComplaintState.Received;
        for (var attempt = 0; ; attempt++)
        {
            var existing = attempt == 0 && likelyNew ? null
                : await Index.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct) is { HasValue: true } found ? found.Value : null;
            if (existing is not null && (existing.GetInt32("Version") ?? 0) >= stored.Version)
            {
                return;
            }
            if (existing is null)
            {
                // The customer's row first: once a complaint is listed, the duplicate check finds it too.
                await NoteByCustomerAsync(stored.Record, ct);
            }
            var row = Row(stored);
            try
            {
                var response = await (existing is not null ? Index.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, ct) : Index.AddEntityAsync(row, ct));
                Remember(stored.Record.Number, stored.Version, response.Headers.ETag);
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
            }
        }
    }

    /// <summary>How many rows' last writes <see cref="ProjectAsync"/> remembers at most.</summary>
    public const int MaxRemembered = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Version, Azure.ETag ETag)> _written = new(StringComparer.Ordinal);

    private void Remember(string number, int version, Azure.ETag? etag)
    {
        if (etag is not { } e)
        {
            return;
        }
        if (_written.Count >= MaxRemembered)
        {
            _written.Clear(); // a bound, not an eviction policy: the next writes fill it again
        }
        _written.AddOrUpdate(number, (version, e), (_, old) => old.Version > version ? old : (version, e));
    }

    public async Task<Page<ComplaintSummary>> ListAsync(ComplaintQuery q, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var clauses = new List<string>();
        if (q.Month is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {IndexKeys.Partition(q.Month)}"));
        }
        if (q.State is { } state)
        {
            clauses.Add(TableClient.CreateQueryFilter($"State eq {Codes.Of(state)}"));
        }
        if (q.Path is { } path)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Path eq {Codes.Of(path)}"));
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
        if (q.Urgent is { } urgent)
        {
            clauses.Add(urgent ? "Urgent eq true" : "not (Urgent eq true)");
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
        return await Index.PageAsync(filter, pageSize, continuationToken, scope, e => Summary(e, now), ct);
    }

    /// <summary>
    /// Complaints of the same customer about the same part or order within <paramref name="window"/>
    /// before <paramref name="receivedAt"/>: likely the same problem reported twice. One query of
    /// at most <see cref="DuplicateScan"/> rows of that customer's own partition, newest first, so
    /// its cost stays the same however many complaints the month or the customer has; at most
    /// <see cref="MaxDuplicates"/> are named.
    /// </summary>
    public async Task<IReadOnlyList<string>> LikelyDuplicatesAsync(CustomerFacts customer, ComplaintDetails details, DateTimeOffset receivedAt, TimeSpan window, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(details.PartNumber) && string.IsNullOrWhiteSpace(details.OrderNumber))
        {
            return [];
        }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ByCustomerPartition(customer)} and RowKey lt {Newest(receivedAt - window)}");
        await foreach (var page in ByCustomer.QueryAsync<TableEntity>(filter, maxPerPage: DuplicateScan, cancellationToken: ct).AsPages(pageSizeHint: DuplicateScan))
        {
            return [.. page.Values
                .Where(e => e.GetDateTimeOffset("ReceivedAt") <= receivedAt)
                .Where(e => Same(e.GetString("PartNumber"), details.PartNumber) || Same(e.GetString("OrderNumber"), details.OrderNumber))
                .Select(e => e.GetString("Number"))
                .Take(MaxDuplicates)];
        }
        return [];
    }

    /// <summary>How many of a customer's newest complaints the duplicate check reads, and how many it names at most.</summary>
    public const int DuplicateScan = 100, MaxDuplicates = 20;

    private TableClient ByCustomer => storage.Table(ComplaintRecords.ByCustomerTable);

    /// <summary>Notes a complaint under its customer, newest first (idempotent: the row is the same each time).</summary>
    private Task NoteByCustomerAsync(Complaint c, CancellationToken ct) =>
        ByCustomer.UpsertEntityAsync(new TableEntity(ByCustomerPartition(c.Customer), $"{Newest(c.ReceivedAt)}|{c.Number}")
        {
            ["Number"] = c.Number,
            ["PartNumber"] = c.Details.PartNumber,
            ["OrderNumber"] = c.Details.OrderNumber,
            ["ReceivedAt"] = c.ReceivedAt,
        }, TableUpdateMode.Replace, ct);

    /// <summary>Row keys count down from the newest complaint; a time's key is below every older complaint's.</summary>
    private static string Newest(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static string ByCustomerPartition(CustomerFacts customer) => Fingerprint.Of(CustomerKey(customer))[..32];

    private static bool Same(string? a, string? b) => !string.IsNullOrWhiteSpace(b) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Who the complaint is about, for spotting duplicates: the card id, else the name.</summary>
    public static string CustomerKey(CustomerFacts customer) =>
        customer.CustomerId is { Length: > 0 } id ? "id:" + id : "name:" + customer.Name.Trim().ToLowerInvariant();

    internal static TableEntity Row(Stored<Complaint> stored)
    {
        var c = stored.Record;
        var open = c.OpenSteps.ToList();
        var (partition, rowKey) = IndexKeys.Of(c.Number);
        var row = new TableEntity(partition, rowKey)
        {
            ["Number"] = c.Number,
            ["Month"] = ComplaintNumber.MonthOf(c.Number),
            ["Version"] = stored.Version,
            ["State"] = Codes.Of(c.State),
            ["Path"] = c.Path is { } p ? Codes.Of(p) : null,
            ["Kind"] = Codes.Of(c.Kind),
            ["Channel"] = Codes.Of(c.Channel),
            ["CustomerId"] = c.Customer.CustomerId,
            ["CustomerKey"] = CustomerKey(c.Customer),
            ["CustomerName"] = c.Customer.Name,
            ["PartNumber"] = c.Details.PartNumber,
            ["OrderNumber"] = c.Details.OrderNumber,
            ["ReceivedAt"] = c.ReceivedAt,
            ["FirstContactOwnerId"] = c.FirstContactOwner.Id,
            ["FirstContactOwner"] = c.FirstContactOwner.Name,
            ["ClosedAt"] = c.ClosedAt,
            ["OpenSteps"] = open.Count,
            ["Urgent"] = c.Urgent,
            // For reports: the customer's promise (from the call) and whether it was kept.
            ["PromiseDueAt"] = c.ArrivalPromise?.DueAt,
            ["PromiseMet"] = c.ArrivalPromise?.Met,
        };
        if (open.Where(s => !s.IsPaused).Select(s => (DateTimeOffset?)s.DueAt).Min() is { } nextDue)
        {
            row["NextDueAt"] = nextDue;
        }
        foreach (var d in Enum.GetValues<Department>())
        {
            row["At" + d] = open.Any(s => s.Department == d);
        }
        return row;
    }

    private static ComplaintSummary Summary(TableEntity e, DateTimeOffset now)
    {
        var nextDue = e.GetDateTimeOffset("NextDueAt");
        return new ComplaintSummary(
            e.GetString("Number"), e.GetString("State"), e.GetString("Path"), e.GetString("Kind"), e.GetString("CustomerId"), e.GetString("CustomerName"),
            e.GetString("PartNumber"), e.GetString("OrderNumber"), e.GetDateTimeOffset("ReceivedAt")!.Value, e.GetString("FirstContactOwner"),
            nextDue, nextDue is { } due && due < now,
            [.. Enum.GetValues<Department>().Where(d => e.GetBoolean("At" + d) == true).Select(d => d.Code())],
            e.GetBoolean("Urgent") == true);
    }
}

/// <summary>
/// Keys of <c>ComplaintIndex</c> rows, counting down so that a plain query reads the newest
/// complaint first: the partition is 999999 − YYYYMM, the row 999999 − the serial.
/// </summary>
public static class IndexKeys
{
    public static (string Partition, string Row) Of(string number) =>
        (Partition(ComplaintNumber.MonthOf(number)), (999_999 - ComplaintNumber.SerialOf(number)).ToString("D6", CultureInfo.InvariantCulture));

    public static string Partition(string month) =>
        (999_999 - int.Parse(month, CultureInfo.InvariantCulture)).ToString("D6", CultureInfo.InvariantCulture);
}

/// <summary>Change-feed subscriber: keeps a changed complaint's list row up to date (a new one noted under its customer first).</summary>
public sealed class IndexComplaint(RecordStore<Complaint> store, ComplaintIndex index) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await store.GetAsync(e.RecordId, ct) is { } stored)
        {
            await index.ProjectAsync(stored, ct);
        }
    }
}

using System.Globalization;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Returns;

/// <summary>One return order in a list.</summary>
public sealed record ReturnSummary(
    string Id,
    string ComplaintNumber,
    string Kind,
    string Stage,
    bool Open,
    string? Outcome,
    string CustomerName,
    IReadOnlyList<string> PartNumbers,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    DateTimeOffset? NextDueAt,
    bool Overdue,
    int Version);

/// <summary>What a list of return orders asks for: open ones (the default) or a month's, by stage, kind and lateness.</summary>
public sealed record ReturnQuery(string? Month = null, bool? Open = null, ReturnStage? Stage = null, ReturnKind? Kind = null, bool? Overdue = null);

/// <summary>
/// The <c>ReturnIndex</c> table: every order in its opening month's partition (999999 − YYYYMM,
/// newest month first), and each open order also in the <c>open</c> partition, which is what
/// procurement works from. Row keys count down from the opening time, so lists read newest first.
/// Rows are rebuilt from the order as stored; after writing, the projection looks at the order's
/// version again and writes again if it moved on, so a late projection never has the last word.
/// </summary>
public sealed class ReturnIndex(StorageAccount storage, RecordStore<ReturnOrder> store, TimeProvider clock, IOptions<ServiceOptions> service)
{
    public const string Table = "ReturnIndex";
    private const string OpenPartition = "open";

    private TableClient Index => storage.Table(Table);

    public async Task ProjectAsync(string id, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        for (var attempt = 0; stored is not null && attempt < 5; attempt++)
        {
            var order = stored.Record;
            var month = Row(stored, MonthPartition(order.OpenedAt));
            var open = Row(stored, OpenPartition);
            await Task.WhenAll(Index.UpsertEntityAsync(month, TableUpdateMode.Replace, ct),
                order.IsOpen ? Index.UpsertEntityAsync(open, TableUpdateMode.Replace, ct) : DeleteQuietlyAsync(open, ct));
            var now = await store.GetAsync(id, ct);
            if (now is null || now.Version == stored.Version)
            {
                return;
            }
            stored = now;
        }
    }

    public async Task<Page<ReturnSummary>> ListAsync(ReturnQuery q, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var clauses = new List<string>
        {
            q.Month is { } m ? TableClient.CreateQueryFilter($"PartitionKey eq {MonthKey(m)}")
                : q.Open is false ? TableClient.CreateQueryFilter($"PartitionKey lt {"a"}") // every month partition (digits); not 'open'
                : TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}"),
        };
        if (q.Open is { } open && (q.Month is not null || !open))
        {
            clauses.Add(TableClient.CreateQueryFilter($"Open eq {open}"));
        }
        if (q.Stage is { } stage)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Stage eq {Codes.Of(stage)}"));
        }
        if (q.Kind is { } kind)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Kind eq {Codes.Of(kind)}"));
        }
        if (q.Overdue is { } overdue)
        {
            clauses.Add(overdue ? TableClient.CreateQueryFilter($"NextDueAt lt {now}") : TableClient.CreateQueryFilter($"not (NextDueAt lt {now})"));
        }
        var filter = string.Join(" and ", clauses.Select(c => $"({c})"));
        var scope = $"returns|{q}";
        return await Index.PageAsync(filter, pageSize, continuationToken, scope, e => Summary(e, now), ct);
    }

    private string MonthPartition(DateTimeOffset openedAt) => MonthKey(ComplaintNumber.Month(TimeZoneInfo.ConvertTime(openedAt, service.Value.Zone())));

    private static string MonthKey(string month) => (999_999 - int.Parse(month, CultureInfo.InvariantCulture)).ToString("D6", CultureInfo.InvariantCulture);

    private static TableEntity Row(Stored<ReturnOrder> stored, string partition)
    {
        var r = stored.Record;
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - r.OpenedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableEntity(partition, $"{newestFirst}|{r.Id}")
        {
            ["Id"] = r.Id,
            ["Version"] = stored.Version,
            ["ComplaintNumber"] = r.ComplaintNumber,
            ["Kind"] = Codes.Of(r.Kind),
            ["Stage"] = Codes.Of(r.Stage),
            ["Open"] = r.IsOpen,
            ["Outcome"] = r.Outcome is { } o ? Codes.Of(o) : null,
            ["CustomerName"] = r.CustomerName,
            ["PartNumbers"] = string.Join('\n', r.Items.Select(i => i.PartNumber)),
            ["OpenedAt"] = r.OpenedAt,
            ["OpenedBy"] = r.OpenedBy.Name,
        };
        if (r.Steps.Where(s => s.IsOpen && !s.IsPaused).Select(s => (DateTimeOffset?)s.DueAt).Min() is { } due)
        {
            row["NextDueAt"] = due;
        }
        return row;
    }

    private static ReturnSummary Summary(TableEntity e, DateTimeOffset now)
    {
        var due = e.GetDateTimeOffset("NextDueAt");
        return new(e.GetString("Id"), e.GetString("ComplaintNumber"), e.GetString("Kind"), e.GetString("Stage"), e.GetBoolean("Open") ?? false,
            e.GetString("Outcome"), e.GetString("CustomerName"), [.. (e.GetString("PartNumbers") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)],
            e.GetDateTimeOffset("OpenedAt")!.Value, e.GetString("OpenedBy"), due, due < now, e.GetInt32("Version") ?? 0);
    }

    private async Task DeleteQuietlyAsync(TableEntity row, CancellationToken ct)
    {
        try
        {
            await Index.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, ct);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}

/// <summary>Change-feed subscriber: keeps a changed return order's list rows up to date.</summary>
public sealed class IndexReturnOrder(ReturnIndex index) : IFeedSubscriber
{
    public Task HandleAsync(RecordEvent e, CancellationToken ct) => index.ProjectAsync(e.RecordId, ct);
}

/// <summary>
/// Change-feed subscriber: tells the complaint that its return order opened or ended (a system
/// command on the complaint), from the order as it is now, so a late or repeated event changes nothing.
/// </summary>
public sealed class TellComplaintOfReturn(RecordStore<ReturnOrder> orders, ComplaintService complaints) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await orders.GetAsync(e.RecordId, ct) is not { Record: var r })
        {
            return;
        }
        var note = new RelatedReturn(r.Id, Codes.Of(r.Kind), r.IsOpen, r.Outcome is { } o ? Codes.Of(o) : null);
        await complaints.ExecuteAsSystemAsync(r.ComplaintNumber, new NoteReturnOrder(note), _ => true, ct);
    }
}

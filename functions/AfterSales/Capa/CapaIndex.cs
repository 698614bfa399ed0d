using System.Globalization;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Capa;

/// <summary>A measure under way, as lists show it.</summary>
public sealed record MeasureDue(string Id, string Owner, string Department, DateTimeOffset Deadline, bool Overdue);

/// <summary>One CAPA in a list.</summary>
public sealed record CapaSummary(
    string Id,
    string Title,
    string? PartNumber,
    string Stage,
    bool Open,
    string? Outcome,
    string? ResponsibleDepartment,
    int Complaints,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    bool? Effective,
    IReadOnlyList<MeasureDue> MeasuresUnderway,
    bool Overdue,
    int Version);

/// <summary>What a CAPA list asks for; every part is optional (without any, the open CAPAs).</summary>
public sealed record CapaQuery(string? Month = null, bool? Open = null, CapaStage? Stage = null, string? PartNumber = null, bool? Effective = null, bool? OverdueMeasures = null);

/// <summary>
/// The <c>CapaIndex</c> table: every CAPA in its opening month's partition (999999 − YYYYMM), in
/// its part number's (<c>part|{part}</c>: what a new complaint on that part looks up), and while
/// open in the <c>open</c> partition (what quality works from). Row keys count down from the
/// opening time: newest first. Rows are rebuilt from the CAPA as stored; after writing, the
/// projection looks at its version again and writes again if it moved on.
/// </summary>
public sealed class CapaIndex(StorageAccount storage, RecordStore<CorrectiveAction> store, TimeProvider clock, IOptions<ServiceOptions> service)
{
    public const string Table = "CapaIndex";
    private const string OpenPartition = "open";

    private TableClient Index => storage.Table(Table);

    public async Task ProjectAsync(string id, CancellationToken ct)
    {
        var stored = await store.GetAsync(id, ct);
        for (var attempt = 0; stored is not null && attempt < 5; attempt++)
        {
            var c = stored.Record;
            var writes = new List<Task> { Index.UpsertEntityAsync(Row(stored, MonthPartition(c.OpenedAt)), TableUpdateMode.Replace, ct) };
            if (c.PartNumber is { } part)
            {
                writes.Add(Index.UpsertEntityAsync(Row(stored, PartPartition(part)), TableUpdateMode.Replace, ct));
            }
            var open = Row(stored, OpenPartition);
            writes.Add(c.IsOpen ? Index.UpsertEntityAsync(open, TableUpdateMode.Replace, ct) : DeleteQuietlyAsync(open, ct));
            await Task.WhenAll(writes);
            var now = await store.GetAsync(id, ct);
            if (now is null || now.Version == stored.Version)
            {
                return;
            }
            stored = now;
        }
    }

    public async Task<Page<CapaSummary>> ListAsync(CapaQuery q, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = q.Open ?? (q.Stage is { } s ? s != CapaStage.Closed : q.Month is null && q.PartNumber is null && q.Effective is null ? true : null);
        var partition = q.PartNumber is { } part ? TableClient.CreateQueryFilter($"PartitionKey eq {PartPartition(part)}")
            : q.Month is { } m ? TableClient.CreateQueryFilter($"PartitionKey eq {MonthKey(m)}")
            : open is true ? TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey lt {"a"}"); // every month partition (digits), not 'open' or 'part|'
        var clauses = new List<string> { partition };
        if (open is { } o)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Open eq {o}"));
        }
        if (q.Stage is { } stage)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Stage eq {Codes.Of(stage)}"));
        }
        if (q.Effective is { } effective)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Effective eq {effective}"));
        }
        if (q.OverdueMeasures is { } overdue)
        {
            clauses.Add(overdue ? TableClient.CreateQueryFilter($"NextMeasureDueAt lt {now}") : TableClient.CreateQueryFilter($"not (NextMeasureDueAt lt {now})"));
        }
        var filter = string.Join(" and ", clauses.Select(c => $"({c})"));
        var scope = $"capas|{q}";
        return await Index.PageAsync(filter, pageSize, continuationToken, scope, e => Summary(e, now), ct);
    }

    /// <summary>The CAPAs on a part number that are open, or were closed since <paramref name="closedSince"/>, newest first: one partition read.</summary>
    public async Task<IReadOnlyList<CapaSummary>> OpenOrRecentAsync(string partNumber, DateTimeOffset closedSince, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartPartition(partNumber)} and (Open eq {true} or ClosedAt ge {closedSince})");
        var found = new List<CapaSummary>();
        await foreach (var row in Index.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            found.Add(Summary(row, clock.GetUtcNow()));
            if (found.Count == max)
            {
                break;
            }
        }
        return found;
    }

    private string MonthPartition(DateTimeOffset openedAt) => MonthKey(ComplaintNumber.Month(TimeZoneInfo.ConvertTime(openedAt, service.Value.Zone())));

    private static string MonthKey(string month) => (999_999 - int.Parse(month, CultureInfo.InvariantCulture)).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The part's partition: its number as typed, upper-cased, with the characters keys cannot hold replaced.</summary>
    private static string PartPartition(string part) =>
        "part|" + new string([.. part.Trim().ToUpperInvariant().Select(ch => ch is '/' or '\\' or '#' or '?' || char.IsControl(ch) ? '_' : ch)]);

    private static TableEntity Row(Stored<CorrectiveAction> stored, string partition)
    {
        var c = stored.Record;
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - c.OpenedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var underway = c.Plan.Where(m => m.State == MeasureState.Underway).ToList();
        var row = new TableEntity(partition, $"{newestFirst}|{c.Id}")
        {
            ["Id"] = c.Id,
            ["Version"] = stored.Version,
            ["Title"] = c.Title,
            ["PartNumber"] = c.PartNumber,
            ["Stage"] = Codes.Of(c.Stage),
            ["Open"] = c.IsOpen,
            ["Outcome"] = c.Outcome is { } o ? Codes.Of(o) : null,
            ["ResponsibleDepartment"] = c.ResponsibleDepartment?.Code(),
            ["Complaints"] = c.Complaints.Count,
            ["OpenedAt"] = c.OpenedAt,
            ["ClosedAt"] = c.ClosedAt,
            ["Effective"] = c.Effective,
            ["Measures"] = Json.Serialize(underway.Select(m => new MeasureDue(m.Id, m.Owner.Name, m.Department.Code(), m.Deadline, false))),
        };
        if (underway.Select(m => (DateTimeOffset?)m.Deadline).Min() is { } due)
        {
            row["NextMeasureDueAt"] = due;
        }
        return row;
    }

    private static CapaSummary Summary(TableEntity e, DateTimeOffset now)
    {
        var measures = Json.Deserialize<List<MeasureDue>>(e.GetString("Measures") ?? "[]").Select(m => m with { Overdue = m.Deadline < now }).ToList();
        return new(e.GetString("Id"), e.GetString("Title"), e.GetString("PartNumber"), e.GetString("Stage"), e.GetBoolean("Open") ?? false, e.GetString("Outcome"),
            e.GetString("ResponsibleDepartment"), e.GetInt32("Complaints") ?? 0, e.GetDateTimeOffset("OpenedAt")!.Value, e.GetDateTimeOffset("ClosedAt"),
            e.GetBoolean("Effective"), measures, measures.Any(m => m.Overdue), e.GetInt32("Version") ?? 0);
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

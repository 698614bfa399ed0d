using System.Collections.Concurrent;
using System.Globalization;
using AfterSales.Capa;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.FieldService;
using AfterSales.Kernel;
using AfterSales.Platform;
using AfterSales.Records;
using AfterSales.Returns;
using AfterSales.Storage;
using AfterSales.Surveys;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace AfterSales.PowerBi;

/// <summary>The records the export reads, bound as one parameter.</summary>
public sealed record ExportSources(
    RecordStore<Complaint> Complaints,
    RecordStore<Visit> Visits,
    RecordStore<ReturnOrder> Returns,
    RecordStore<CorrectiveAction> Capas,
    RecordStore<Survey> Surveys,
    RecordStore<CustomerCard> Customers);

/// <summary>
/// One run of the Power BI export. It reads the change feed's log from the last run's watermark
/// (less a safety lag, since the feed logs a change a little after its commit; the first run reads
/// the whole log), loads the touched records as they are now, replaces their rows in the lean
/// tables, then rewrites the files of every month touched (each from its table partition, in key
/// order; a file whose content did not change is left as it is) and every dimension whole, and
/// records a manifest with the row counts. Running it again gives the same rows: every row has a
/// stable key, and a month's file is always its whole partition.
/// </summary>
public sealed class PowerBiExport(StorageAccount storage, FeedLog log, ExportTableStore tables, ExportRuns runs, ExportSources sources,
    TimeProvider clock, IOptions<ServiceOptions> service, ILogger<PowerBiExport> logger)
{
    /// <summary>The folder of the exports container the files go to.</summary>
    public const string Folder = "powerbi";

    /// <summary>How far behind the watermark a run reads again: longer than the feed takes to log a committed change (about 6 minutes at most).</summary>
    public static readonly TimeSpan SafetyLag = TimeSpan.FromMinutes(10);

    /// <summary>The kinds of record the star schema holds (their events are the events fact).</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
        { ComplaintRecords.Kind, VisitRecords.Kind, ReturnRecords.Kind, CapaRecords.Kind, SurveyRecords.Kind, CustomerRecords.Kind };

    public async Task<ExportManifest> RunAsync(string runId, string trigger, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var calendar = new ExportCalendar(service.Value.Zone());
        var state = await runs.StateAsync(ct);
        DateTimeOffset? since = state.Latest is { } last ? last.Watermark - SafetyLag : null;
        var events = await EventsAsync(since, started, ct);
        var touched = events.Select(e => (e.RecordKind, e.RecordId)).Distinct().ToList();

        var rows = new ConcurrentBag<(ExportTable Table, ExportRow Row)>();
        await Parallel.ForEachAsync(touched, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (record, token) =>
        {
            foreach (var row in await RowsOfAsync(record.RecordKind, record.RecordId, calendar, token))
            {
                rows.Add(row);
            }
        });
        var facts = rows.Concat(events.Select(e => (Table: StarSchema.Events, Row: FactRows.Of(e, calendar)))).ToList();
        var dimensions = DimensionRows.Fixed()
            .Concat(rows.Where(r => r.Table == StarSchema.Customers))
            .Concat(DimensionRows.Products(facts).Select(p => (StarSchema.Products, p)))
            .Concat(DimensionRows.Dates(FirstMonth(state.Latest, facts, calendar, started), LastMonth(calendar, started)).Select(d => (StarSchema.Dates, d)));
        List<(ExportTable Table, ExportRow Row)> all = [.. facts.Where(r => r.Table.IsFact), .. dimensions];
        foreach (var table in all.GroupBy(r => r.Table))
        {
            await tables.UpsertAsync(table.Key, table.Select(r => r.Row), ct);
        }

        var previous = state.Latest?.Tables.ToDictionary(t => t.Name) ?? [];
        var rewritten = new List<string>();
        var exported = new List<ExportedTable>();
        foreach (var table in StarSchema.Facts)
        {
            var files = (previous.TryGetValue(table.Name, out var before) ? before.Files : []).ToDictionary(f => f.Month!, StringComparer.Ordinal);
            foreach (var month in all.Where(r => r.Table == table).Select(r => r.Row.Partition).Distinct().Order(StringComparer.Ordinal))
            {
                files[month] = await WriteAsync(table, $"{table.Name}-{month}", month, await tables.PartitionAsync(table, month, ct), files.GetValueOrDefault(month), rewritten, ct);
            }
            var ordered = files.Values.OrderBy(f => f.Month, StringComparer.Ordinal).ToList();
            exported.Add(new(table.Name, "fact", table.StorageTable, ordered.Sum(f => f.Rows), ordered));
        }
        foreach (var table in StarSchema.Dimensions)
        {
            var file = await WriteAsync(table, table.Name, null, await tables.AllAsync(table, ct), previous.GetValueOrDefault(table.Name)?.Files[0], rewritten, ct);
            exported.Add(new(table.Name, "dimension", table.StorageTable, file.Rows, [file]));
        }

        var manifest = new ExportManifest(runId, trigger, started, clock.GetUtcNow(), since, started, events.Count, touched.Count, rewritten, exported);
        if (!await runs.RecordAsync(manifest, state, ct))
        {
            throw new ConflictException("Another export run finished first.",
                "Another Power BI export run finished while this one ran; its files hold the same rows. Read the latest run, or start another.");
        }
        await UploadAsync($"{Folder}/runs/{runId}.json", System.Text.Encoding.UTF8.GetBytes(Json.Serialize(manifest)), "application/json", ct);
        await UploadAsync($"{Folder}/manifest.json", System.Text.Encoding.UTF8.GetBytes(Json.Serialize(manifest)), "application/json", ct);
        logger.LogInformation("Power BI export {RunId}: {Events} events, {Records} records, {Files} files rewritten", runId, events.Count, touched.Count, rewritten.Count);
        return manifest;
    }

    /// <summary>The blob path of a table's file: <c>powerbi/{table}/{table}[-yyyyMM].parquet</c> (and <c>.csv</c>).</summary>
    public static string PathOf(ExportTable table, string name, string extension) => $"{Folder}/{table.Name}/{name}.{extension}";

    /// <summary>Writes a table's file from its rows, unless the same rows are there already (the previous run's hash).</summary>
    private async Task<ExportFile> WriteAsync(ExportTable table, string name, string? month, IReadOnlyList<ExportRow> rows, ExportFile? before,
        List<string> rewritten, CancellationToken ct)
    {
        var (parquetPath, csvPath) = (PathOf(table, name, "parquet"), PathOf(table, name, "csv"));
        var parquet = await ExportFiles.ParquetAsync(table, rows, ct);
        var file = new ExportFile(month, parquetPath, csvPath, rows.Count, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(parquet)));
        if (file == before)
        {
            return file;
        }
        await UploadAsync(parquetPath, parquet, "application/vnd.apache.parquet", ct);
        await UploadAsync(csvPath, ExportFiles.Csv(table, rows), "text/csv; charset=utf-8", ct);
        rewritten.AddRange([parquetPath, csvPath]);
        return file;
    }

    private async Task UploadAsync(string path, byte[] content, string contentType, CancellationToken ct) =>
        await storage.Container(PlatformModule.ExportsContainer).GetBlobClient(path)
            .UploadAsync(new BinaryData(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);

    /// <summary>The exported kinds' events logged in [<paramref name="since"/>, <paramref name="until"/>): the whole log when there is no watermark yet.</summary>
    private async Task<List<RecordEvent>> EventsAsync(DateTimeOffset? since, DateTimeOffset until, CancellationToken ct)
    {
        var events = new List<RecordEvent>();
        if (since is not { } from)
        {
            await foreach (var e in log.ReadAllAsync(until, ct))
            {
                Keep(e);
            }
            return events;
        }
        for (var start = from; start < until; start += FeedLog.MaxPeriod)
        {
            var end = start + FeedLog.MaxPeriod < until ? start + FeedLog.MaxPeriod : until;
            await foreach (var e in log.ReadAsync(start, end, ct))
            {
                Keep(e);
            }
        }
        return events;

        void Keep(RecordEvent e)
        {
            if (Kinds.Contains(e.RecordKind))
            {
                events.Add(e);
            }
        }
    }

    private async Task<IEnumerable<(ExportTable Table, ExportRow Row)>> RowsOfAsync(string kind, string id, ExportCalendar calendar, CancellationToken ct) => kind switch
    {
        ComplaintRecords.Kind => await sources.Complaints.GetAsync(id, ct) is { } c ? FactRows.Of(c.Record, calendar).ToList() : [],
        VisitRecords.Kind => await sources.Visits.GetAsync(id, ct) is { } v ? FactRows.Of(v.Record, calendar).ToList() : [],
        ReturnRecords.Kind => await sources.Returns.GetAsync(id, ct) is { } r ? FactRows.Of(r.Record, calendar).ToList() : [],
        CapaRecords.Kind => await sources.Capas.GetAsync(id, ct) is { } a ? FactRows.Of(a.Record, calendar).ToList() : [],
        SurveyRecords.Kind => await sources.Surveys.GetAsync(id, ct) is { } s ? FactRows.Of(s.Record, SurveyTemplate.Default, calendar).ToList() : [],
        CustomerRecords.Kind => await sources.Customers.GetAsync(id, ct) is { } u ? [(StarSchema.Customers, DimensionRows.Of(u.Record, calendar))] : [],
        _ => [],
    };

    /// <summary>The calendar starts at the earliest month any fact has (this run's or an earlier one's), or this month.</summary>
    private static string FirstMonth(ExportManifest? latest, IEnumerable<(ExportTable Table, ExportRow Row)> facts, ExportCalendar calendar, DateTimeOffset now) =>
        (latest?.Tables.SelectMany(t => t.Files).Select(f => f.Month) ?? [])
            .Concat(facts.Where(f => f.Table.IsFact).Select(f => f.Row.Partition))
            .Append(calendar.Month(now))
            .OfType<string>().Min(StringComparer.Ordinal)!;

    /// <summary>It runs to the end of next year, so deadlines and due dates ahead still find their day.</summary>
    private static string LastMonth(ExportCalendar calendar, DateTimeOffset now) =>
        (calendar.Local(now).Year + 1).ToString(CultureInfo.InvariantCulture) + "12";
}

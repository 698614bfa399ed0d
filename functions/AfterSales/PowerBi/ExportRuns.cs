using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.PowerBi;

/// <summary>
/// One file of a table: a fact's month (<c>yyyyMM</c>) or a whole dimension (no month), its blobs,
/// its rows, and a hash of its Parquet content (a file whose rows did not change is not written again).
/// </summary>
public sealed record ExportFile(string? Month, string Parquet, string Csv, long Rows, string Sha256);

/// <summary>A table as a run left it: every file (the months not rewritten keep their earlier count) and the total, the reconciliation count.</summary>
public sealed record ExportedTable(string Name, string Kind, string StorageTable, long Rows, IReadOnlyList<ExportFile> Files);

/// <summary>
/// What one run did and what the export holds after it (written beside the files as
/// <c>powerbi/manifest.json</c>): the change-feed window read (<see cref="Since"/> to
/// <see cref="Watermark"/>), the files rewritten, and per table its files and rows.
/// </summary>
public sealed record ExportManifest(
    string RunId,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    DateTimeOffset? Since,
    DateTimeOffset Watermark,
    int EventsRead,
    int RecordsTouched,
    IReadOnlyList<string> Rewritten,
    IReadOnlyList<ExportedTable> Tables)
{
    /// <summary>The reconciliation counts: rows per table across its files.</summary>
    public IReadOnlyDictionary<string, long> RowCounts => Tables.ToDictionary(t => t.Name, t => t.Rows);
}

/// <summary>A run in the list: when, why, what it read and rewrote.</summary>
public sealed record ExportRunSummary(string RunId, string Trigger, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, DateTimeOffset Watermark, int EventsRead, int RecordsTouched, int FilesRewritten)
{
    public static ExportRunSummary Of(ExportManifest m) => new(m.RunId, m.Trigger, m.StartedAt, m.FinishedAt, m.Watermark, m.EventsRead, m.RecordsTouched, m.Rewritten.Count);
}

/// <summary>
/// The export's own table: its state (the watermark and the latest manifest, changed on its
/// ETag so two runs never both move it), every run's manifest (newest first, and by id) and
/// the idempotency keys of the admins' run requests.
/// </summary>
public sealed class ExportRuns(StorageAccount storage)
{
    public const string Table = "PowerBiExports";

    private const string StatePartition = "state";
    private const string StateRow = "powerbi";
    private const string ListPartition = "run";
    private const string IdPartition = "id";
    private const string KeyPartition = "key";

    private TableClient Runs => storage.Table(Table);

    public sealed record State(ExportManifest? Latest, ETag ETag);

    public async Task<State> StateAsync(CancellationToken ct)
    {
        var row = await Runs.GetEntityIfExistsAsync<TableEntity>(StatePartition, StateRow, cancellationToken: ct);
        return row.HasValue ? new(Json.Deserialize<ExportManifest>(LongText.Get(row.Value!, "Manifest")), row.Value!.ETag) : new(null, default);
    }

    /// <summary>Records a finished run; false when another run moved the state since <paramref name="read"/> was read.</summary>
    public async Task<bool> RecordAsync(ExportManifest manifest, State read, CancellationToken ct)
    {
        var json = Json.Serialize(manifest);
        var state = new TableEntity(StatePartition, StateRow);
        LongText.Put(state, "Manifest", json);
        try
        {
            if (read.Latest is null)
            {
                await Runs.AddEntityAsync(state, ct);
            }
            else
            {
                await Runs.UpdateEntityAsync(state, read.ETag, TableUpdateMode.Replace, ct);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        var byId = new TableEntity(IdPartition, manifest.RunId);
        LongText.Put(byId, "Manifest", json);
        await Runs.UpsertEntityAsync(byId, TableUpdateMode.Replace, ct);
        var listed = new TableEntity(ListPartition, $"{DateTimeOffset.MaxValue.UtcTicks - manifest.StartedAt.UtcTicks:D19}|{manifest.RunId}")
        {
            ["Summary"] = Json.Serialize(ExportRunSummary.Of(manifest)),
        };
        await Runs.UpsertEntityAsync(listed, TableUpdateMode.Replace, ct);
        return true;
    }

    public async Task<ExportManifest?> FindAsync(string runId, CancellationToken ct)
    {
        if (!IsRunId(runId))
        {
            return null;
        }
        var row = await Runs.GetEntityIfExistsAsync<TableEntity>(IdPartition, runId, cancellationToken: ct);
        return row.HasValue ? Json.Deserialize<ExportManifest>(LongText.Get(row.Value!, "Manifest")) : null;
    }

    public async Task<Kernel.Page<ExportRunSummary>> ListAsync(int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition}");
        return await Runs.PageAsync(filter, pageSize, continuationToken, "powerbi-runs", r => Json.Deserialize<ExportRunSummary>(r.GetString("Summary")), ct);
    }

    /// <summary>
    /// Claims <paramref name="key"/> for a new run (answers null), or answers the run a first
    /// request with it started; the same key for another request is a 400.
    /// </summary>
    public async Task<string?> ClaimAsync(IdempotencyKey key, string runId, CancellationToken ct)
    {
        var row = new TableEntity(KeyPartition, key.Hash) { ["Action"] = key.Action, ["RequestHash"] = key.RequestHash, ["RunId"] = runId };
        try
        {
            await Runs.AddEntityAsync(row, ct);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var earlier = (await Runs.GetEntityAsync<TableEntity>(KeyPartition, key.Hash, cancellationToken: ct)).Value;
            key.EnsureSameRequestAs(new KeyUse(earlier.GetString("Action"), earlier.GetString("RequestHash"), 0), "export run");
            return earlier.GetString("RunId");
        }
    }

    /// <summary>Lets a key go again after its run failed, so a retry with it runs instead of waiting for a run that will never finish.</summary>
    public async Task ReleaseAsync(IdempotencyKey key, CancellationToken ct) =>
        await Runs.DeleteEntityAsync(KeyPartition, key.Hash, ETag.All, ct);

    /// <summary>Whether <paramref name="runId"/> looks like a run id (anything else is no run).</summary>
    public static bool IsRunId(string runId) => runId.Length == 24 && runId.StartsWith("PB-", StringComparison.Ordinal)
        && runId[3..17].All(char.IsAsciiDigit) && runId[17] == '-' && runId[18..].All(char.IsAsciiHexDigitLower);

    /// <summary>A run id people can read and sort: <c>PB-yyyyMMddHHmmss-xxxx</c> (UTC).</summary>
    public static string NewId(DateTimeOffset at) =>
        $"PB-{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
}

using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Assessment;

/// <summary>A version of the indicator set in the history list.</summary>
public sealed record IndicatorSetVersion(int Version, decimal TotalPoints, int Items, Staff? ChangedBy, DateTimeOffset? ChangedAt, string? ChangeNote);

/// <summary>What a new version of the indicator set is sent as: the whole tree, and why it changed.</summary>
public sealed record IndicatorSetChange(DisplayName? Name, DisplayName? Note, IReadOnlyList<IndicatorGroup>? Groups, string? ChangeNote);

/// <summary>
/// The versions of the indicator set (table <c>AssessmentIndicators</c>, one partition, one row per
/// version, newest first). Version 1 is the default shipped with the app
/// (<c>gbt27922-indicators.json</c>), written on first use. A change is a new version, made on the
/// version the sender read (If-Match) and validated; the earlier versions are kept, and each
/// assessment keeps the version it was opened with.
/// </summary>
public sealed class IndicatorSets(StorageAccount storage)
{
    public const string Table = "AssessmentIndicators";
    private const string Partition = "gbt27922";
    private const string DefaultResource = "AfterSales.Assessment.gbt27922-indicators.json";

    private TableClient Versions => storage.Table(Table);

    /// <summary>The default set shipped with the app.</summary>
    public static IndicatorSet Default()
    {
        using var stream = typeof(IndicatorSets).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"{DefaultResource} is not embedded.");
        return System.Text.Json.JsonSerializer.Deserialize<IndicatorSet>(stream, Json.Options) ?? throw new InvalidOperationException($"{DefaultResource} is empty.");
    }

    public async Task<IndicatorSet> CurrentAsync(CancellationToken ct)
    {
        await foreach (var row in Versions.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 1, cancellationToken: ct))
        {
            return Read(row);
        }
        var shipped = Default();
        try
        {
            await Versions.AddEntityAsync(Row(shipped, null), ct);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // Written by another request meanwhile: the same file.
        }
        return shipped;
    }

    public async Task<IndicatorSet?> FindAsync(int version, CancellationToken ct)
    {
        if (version == 1)
        {
            await CurrentAsync(ct); // version 1 is written on first use
        }
        var row = await Versions.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(version), cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<IndicatorSetVersion>> HistoryAsync(CancellationToken ct)
    {
        await CurrentAsync(ct);
        var list = new List<IndicatorSetVersion>();
        await foreach (var row in Versions.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
        {
            var set = Read(row);
            list.Add(new(set.Version, set.TotalPoints, set.Items().Count(), set.ChangedBy, set.ChangedAt, set.ChangeNote));
        }
        return list;
    }

    /// <summary>
    /// Saves <paramref name="change"/> as the version after <paramref name="seen"/>. With a key, a
    /// retry answers the version the first request made; a change made meanwhile is a 412.
    /// </summary>
    public async Task<(IndicatorSet Set, bool Replayed)> ChangeAsync(IndicatorSetChange change, IfMatch seen, Staff by, IdempotencyKey? key, DateTimeOffset now, CancellationToken ct)
    {
        if (key is not null && await FindByKeyAsync(key, ct) is { } earlier)
        {
            return (earlier, true);
        }
        var current = await CurrentAsync(ct);
        if (!seen.Matches(current.Version))
        {
            throw Stale();
        }
        var errors = new ErrorList();
        TextLimits.Check(errors, "changeNote", change.ChangeNote, TextLimits.Text);
        errors.AddIf(TextLimits.IsBlank(change.ChangeNote), "changeNote", "Say what changed and why (it is kept with the version).");
        errors.ThrowIfAny();
        var next = new IndicatorSet(current.Version + 1, current.Standard, change.Name ?? current.Name, change.Note ?? current.Note, change.Groups!)
        {
            ChangedBy = by, ChangedAt = now, ChangeNote = change.ChangeNote!.Trim(),
        };
        IndicatorSetRules.Validate(next);
        try
        {
            await Versions.AddEntityAsync(Row(next, key), ct);
            return (next, false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            throw Stale();
        }
    }

    private async Task<IndicatorSet?> FindByKeyAsync(IdempotencyKey key, CancellationToken ct)
    {
        await foreach (var row in Versions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and KeyHash eq {key.Hash}"), cancellationToken: ct))
        {
            key.EnsureSameRequestAs(new KeyUse(row.GetString("KeyAction"), row.GetString("RequestHash"), 0), "indicator set change");
            return Read(row);
        }
        return null;
    }

    private static StaleException Stale() => new("The indicator set changed since you read it.",
        "Someone saved a new version of the indicator set since you read it. Read it again, apply your change and send its new ETag.");

    private static string RowKey(int version) => (999_999 - version).ToString("D6", CultureInfo.InvariantCulture);

    private static TableEntity Row(IndicatorSet set, IdempotencyKey? key)
    {
        var row = new TableEntity(Partition, RowKey(set.Version)) { ["Version"] = set.Version, ["KeyHash"] = key?.Hash, ["KeyAction"] = key?.Action, ["RequestHash"] = key?.RequestHash };
        LongText.Put(row, "Data", Json.Serialize(set));
        return row;
    }

    private static IndicatorSet Read(TableEntity row) => Json.Deserialize<IndicatorSet>(LongText.Get(row, "Data"));
}

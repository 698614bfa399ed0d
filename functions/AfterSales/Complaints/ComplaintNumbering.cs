using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Complaints;

/// <summary>A number handed out, with the intake it was handed out for.</summary>
public sealed record IssuedNumber(string Number, string IntakeJson, string? RequestHash, bool Replayed);

/// <summary>
/// Hands out consecutive complaint numbers with no gaps and no duplicates. The
/// <c>ComplaintNumbers</c> table has one partition per month holding the counter, one row per
/// issued number (carrying the whole intake, so the complaint can always be created from it)
/// and one row per idempotency key. All three change in one batch, conditional on the counter's
/// ETag, so a number is never issued twice nor issued without its intake.
/// </summary>
public sealed class ComplaintNumbering(StorageAccount storage)
{
    // Within one process, intakes take turns at the counter; across processes the ETag decides.
    private static readonly SemaphoreSlim Turn = new(1, 1);

    // The counter as this process last wrote it (read and written under Turn): the next intake
    // tries it without reading; if another process moved it, the ETag refuses and we read.
    private readonly Dictionary<string, (int Last, ETag ETag)> _counters = [];

    private TableClient Table => storage.Table(StorageNames.Tables.ComplaintNumbers);

    public async Task<IssuedNumber> IssueAsync(DateTimeOffset localNow, string? idempotencyKey, string requestHash, Func<string, string> intakeFor, CancellationToken ct)
    {
        var month = ComplaintNumber.Month(localNow);
        var keyRow = idempotencyKey is null ? null : "key|" + Fingerprint.Of(idempotencyKey);
        if (keyRow is not null && await FindByKeyAsync(keyRow, [month, ComplaintNumber.Month(localNow.AddMonths(-1))], ct) is { } earlier)
        {
            return earlier;
        }
        await Turn.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                (int Last, ETag? ETag) counter;
                if (_counters.TryGetValue(month, out var known))
                {
                    counter = known;
                }
                else
                {
                    var read = await Table.GetEntityIfExistsAsync<TableEntity>(month, "counter", cancellationToken: ct);
                    counter = read.HasValue ? (read.Value!.GetInt32("Last") ?? 0, read.Value.ETag) : (0, null);
                }
                var serial = counter.Last + 1;
                var number = ComplaintNumber.Format(int.Parse(month[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(month[4..], System.Globalization.CultureInfo.InvariantCulture), serial);
                var intake = intakeFor(number);
                var batch = new List<TableTransactionAction>
                {
                    counter.ETag is { } etag
                        ? new(TableTransactionActionType.UpdateReplace, new TableEntity(month, "counter") { ["Last"] = serial }, etag)
                        : new(TableTransactionActionType.Add, new TableEntity(month, "counter") { ["Last"] = serial }),
                    new(TableTransactionActionType.Add, new TableEntity(month, $"n|{serial:D6}")
                    {
                        ["Number"] = number,
                        ["Intake"] = intake,
                        ["RequestHash"] = requestHash,
                        ["Materialized"] = false,
                        ["IssuedAt"] = localNow.ToUniversalTime(),
                    }),
                };
                if (keyRow is not null)
                {
                    batch.Add(new(TableTransactionActionType.Add, new TableEntity(month, keyRow) { ["Number"] = number, ["Serial"] = serial }));
                }
                try
                {
                    var written = await Table.SubmitTransactionAsync(batch, ct);
                    if (written.Value[0].Headers.ETag is { } newETag)
                    {
                        _counters[month] = (serial, newETag);
                    }
                    return new IssuedNumber(number, intake, requestHash, Replayed: false);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 200)
                {
                    _counters.Remove(month);
                    // Another process took this serial, or the same key won a race: look again.
                    if (keyRow is not null && await FindByKeyAsync(keyRow, [month], ct) is { } winner)
                    {
                        return winner;
                    }
                    await Task.Delay(Random.Shared.Next(5, 20 + Math.Min(attempt, 20) * 5), ct);
                }
            }
        }
        finally
        {
            Turn.Release();
        }
    }

    /// <summary>Records that the complaint for <paramref name="number"/> exists (only ever false → true).</summary>
    public async Task MarkMaterializedAsync(string number, CancellationToken ct)
    {
        var entity = new TableEntity(ComplaintNumber.MonthOf(number), $"n|{ComplaintNumber.SerialOf(number):D6}") { ["Materialized"] = true };
        await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct);
    }

    /// <summary>Numbers issued before <paramref name="issuedBefore"/> whose complaint was never created (a crash between the two writes).</summary>
    public async Task<IReadOnlyList<IssuedNumber>> FindUnmaterializedAsync(string month, DateTimeOffset issuedBefore, CancellationToken ct)
    {
        var found = new List<IssuedNumber>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {month} and RowKey ge {"n|"} and RowKey lt {"n}"} and Materialized eq {false} and IssuedAt lt {issuedBefore}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            found.Add(new IssuedNumber(row.GetString("Number"), row.GetString("Intake"), row.GetString("RequestHash"), Replayed: true));
        }
        return found;
    }

    private async Task<IssuedNumber?> FindByKeyAsync(string keyRow, IEnumerable<string> months, CancellationToken ct)
    {
        foreach (var month in months)
        {
            var key = await Table.GetEntityIfExistsAsync<TableEntity>(month, keyRow, cancellationToken: ct);
            if (!key.HasValue)
            {
                continue;
            }
            var serial = key.Value!.GetInt32("Serial") ?? 0;
            var issued = await Table.GetEntityAsync<TableEntity>(month, $"n|{serial:D6}", cancellationToken: ct);
            return new IssuedNumber(issued.Value.GetString("Number"), issued.Value.GetString("Intake"), issued.Value.GetString("RequestHash"), Replayed: true);
        }
        return null;
    }
}

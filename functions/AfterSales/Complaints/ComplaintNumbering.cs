using System.Globalization;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Complaints;

/// <summary>A number handed out, with the intake it was handed out for.</summary>
public sealed record IssuedNumber(string Number, string IntakeJson, bool Replayed);

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

    private TableClient Table => storage.Table(ComplaintRecords.NumbersTable);

    public async Task<IssuedNumber> IssueAsync(DateTimeOffset localNow, IdempotencyKey? key, Func<string, string> intakeFor, CancellationToken ct)
    {
        var month = ComplaintNumber.Month(localNow);
        var keyRow = key is null ? null : "key|" + key.Hash;
        if (key is not null && await FindByKeyAsync(key, [month, ComplaintNumber.Month(localNow.AddMonths(-1))], ct) is { } earlier)
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
                var number = ComplaintNumber.Format(int.Parse(month[..4], CultureInfo.InvariantCulture), int.Parse(month[4..], CultureInfo.InvariantCulture), serial);
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
                        ["Materialized"] = false,
                        ["IssuedAt"] = localNow.ToUniversalTime(),
                    }),
                };
                if (key is not null)
                {
                    batch.Add(new(TableTransactionActionType.Add, new TableEntity(month, keyRow)
                    {
                        ["Number"] = number,
                        ["Serial"] = serial,
                        ["Action"] = key.Action,
                        ["RequestHash"] = key.RequestHash,
                    }));
                }
                try
                {
                    var written = await Table.SubmitTransactionAsync(batch, ct);
                    if (written.Value[0].Headers.ETag is { } newETag)
                    {
                        _counters[month] = (serial, newETag);
                    }
                    return new IssuedNumber(number, intake, Replayed: false);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 200)
                {
                    _counters.Remove(month);
                    // Another process took this serial, or the same key won a race: look again.
                    if (key is not null && await FindByKeyAsync(key, [month], ct) is { } winner)
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

    /// <summary>Numbers issued before <paramref name="issuedBefore"/> whose intake has not been seen through (a crash, or its announcement lost).</summary>
    public async Task<IReadOnlyList<IssuedNumber>> FindUnmaterializedAsync(string month, DateTimeOffset issuedBefore, CancellationToken ct)
    {
        var found = new List<IssuedNumber>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {month} and RowKey ge {"n|"} and RowKey lt {"n}"} and Materialized eq {false} and IssuedAt lt {issuedBefore}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            found.Add(new IssuedNumber(row.GetString("Number"), row.GetString("Intake"), Replayed: true));
        }
        return found;
    }

    /// <summary>The number an idempotency key was used for (the same request: else 400).</summary>
    private async Task<IssuedNumber?> FindByKeyAsync(IdempotencyKey key, IEnumerable<string> months, CancellationToken ct)
    {
        foreach (var month in months)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(month, "key|" + key.Hash, cancellationToken: ct);
            if (!found.HasValue)
            {
                continue;
            }
            var row = found.Value!;
            key.EnsureSameRequestAs(new KeyUse(row.GetString("Action") ?? key.Action, row.GetString("RequestHash"), 0), "complaint");
            var issued = await Table.GetEntityAsync<TableEntity>(month, $"n|{row.GetInt32("Serial") ?? 0:D6}", cancellationToken: ct);
            return new IssuedNumber(issued.Value.GetString("Number"), issued.Value.GetString("Intake"), Replayed: true);
        }
        return null;
    }
}

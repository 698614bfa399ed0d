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
/// and one row per idempotency key. They change in one batch, conditional on the counter's ETag,
/// so a number is never issued twice nor issued without its intake.
/// </summary>
/// <remarks>
/// Group commit: intakes that arrive while a batch is being written wait for the next one and
/// get their numbers together, in one conditional write (up to <see cref="MaxPerBatch"/>), so
/// concurrent intakes do not queue up behind one another's round trips. Across processes the
/// counter's ETag decides; the loser reads the counter and tries again with new numbers.
/// </remarks>
public sealed class ComplaintNumbering(StorageAccount storage)
{
    /// <summary>A batch holds 100 actions: the counter, and a number row and a key row per intake.</summary>
    public const int MaxPerBatch = 49;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Month> _months = [];

    private TableClient Table => storage.Table(ComplaintRecords.NumbersTable);

    /// <summary>
    /// How long into a new month a key used last month is still looked for (one read, only then):
    /// within its month a key is always found, by the batch itself (its key row exists already).
    /// </summary>
    public static readonly TimeSpan PreviousMonthKeys = TimeSpan.FromHours(24);

    /// <summary>
    /// A number for this intake, or the one its <paramref name="key"/> got before. A first use of
    /// a key costs nothing extra: its key row is added in the number's batch, and a batch that
    /// finds the row there already answers from it (so a retry costs one failed batch and two reads).
    /// </summary>
    public async Task<IssuedNumber> IssueAsync(DateTimeOffset localNow, IdempotencyKey? key, Func<string, string> intakeFor, CancellationToken ct)
    {
        var month = ComplaintNumber.Month(localNow);
        var monthStart = new DateTimeOffset(localNow.Year, localNow.Month, 1, 0, 0, 0, localNow.Offset);
        if (key is not null && localNow - monthStart < PreviousMonthKeys
            && await FindByKeyAsync(key, [ComplaintNumber.Month(localNow.AddMonths(-1))], ct) is { } earlier)
        {
            return earlier;
        }
        var ticket = new Ticket(key, intakeFor, localNow.ToUniversalTime());
        bool flush;
        Month state;
        lock (_lock)
        {
            state = _months.TryGetValue(month, out var m) ? m : _months[month] = new Month(month);
            state.Waiting.Enqueue(ticket);
            flush = !state.Flushing;
            state.Flushing = true;
        }
        if (flush)
        {
            _ = Task.Run(() => FlushAsync(state), CancellationToken.None);
        }
        return await ticket.Done.Task.WaitAsync(ct);
    }

    /// <summary>Writes batches for a month until no intake waits; one flusher per month at a time.</summary>
    private async Task FlushAsync(Month state)
    {
        while (true)
        {
            List<Ticket> batch;
            lock (_lock)
            {
                if (state.Waiting.Count == 0)
                {
                    state.Flushing = false;
                    return;
                }
                batch = [];
                var keys = new HashSet<string>();
                while (batch.Count < MaxPerBatch && state.Waiting.TryPeek(out var next))
                {
                    // Two copies of one keyed request in one batch would clash: the second waits for the next.
                    if (next.Key is { } k && !keys.Add(k.Hash))
                    {
                        break;
                    }
                    batch.Add(state.Waiting.Dequeue());
                }
            }
            await IssueBatchAsync(state, batch);
        }
    }

    private async Task IssueBatchAsync(Month state, List<Ticket> tickets)
    {
        for (var attempt = 0; tickets.Count > 0; attempt++)
        {
            try
            {
                if (state.Counter is null)
                {
                    var read = await Table.GetEntityIfExistsAsync<TableEntity>(state.Name, "counter");
                    state.Counter = read.HasValue ? (read.Value!.GetInt32("Last") ?? 0, read.Value.ETag) : (0, null);
                }
                var (last, etag) = state.Counter.Value;
                var actions = new List<TableTransactionAction>
                {
                    etag is { } e
                        ? new(TableTransactionActionType.UpdateReplace, new TableEntity(state.Name, "counter") { ["Last"] = last + tickets.Count }, e)
                        : new(TableTransactionActionType.Add, new TableEntity(state.Name, "counter") { ["Last"] = last + tickets.Count }),
                };
                var issued = new List<(Ticket Ticket, IssuedNumber Number)>();
                var owner = new List<Ticket?> { null };
                foreach (var (ticket, i) in tickets.Select((t, i) => (t, i)))
                {
                    var serial = last + 1 + i;
                    var number = ComplaintNumber.Format(int.Parse(state.Name[..4], CultureInfo.InvariantCulture), int.Parse(state.Name[4..], CultureInfo.InvariantCulture), serial);
                    var intake = ticket.IntakeFor(number);
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(state.Name, $"n|{serial:D6}")
                    {
                        ["Number"] = number,
                        ["Intake"] = intake,
                        ["Materialized"] = false,
                        ["IssuedAt"] = ticket.IssuedAt,
                    }));
                    owner.Add(ticket);
                    if (ticket.Key is { } key)
                    {
                        actions.Add(new(TableTransactionActionType.Add, new TableEntity(state.Name, "key|" + key.Hash)
                        {
                            ["Number"] = number,
                            ["Serial"] = serial,
                            ["Action"] = key.Action,
                            ["RequestHash"] = key.RequestHash,
                        }));
                        owner.Add(ticket);
                    }
                    issued.Add((ticket, new IssuedNumber(number, intake, Replayed: false)));
                }
                var written = await Table.SubmitTransactionAsync(actions);
                state.Counter = (last + tickets.Count, written.Value[0].Headers.ETag ?? ETag.All);
                foreach (var (ticket, number) in issued)
                {
                    ticket.Done.TrySetResult(number);
                }
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < 200)
            {
                state.Counter = null;
                // A key row that exists already: that request was made before (another process, or a
                // retry that got there first). It answers from the key; the others go again.
                if (ex.FailedTransactionActionIndex is { } index && index > 0 && Owner(tickets, index) is { Key: { } used } replayed)
                {
                    tickets.Remove(replayed);
                    await Answer(replayed, () => FindByKeyAsync(used, [state.Name], CancellationToken.None));
                }
                else
                {
                    await Task.Delay(Random.Shared.Next(2, 10 + Math.Min(attempt, 20) * 5));
                }
            }
            catch (Exception ex)
            {
                state.Counter = null; // the write may have landed: read the counter next time
                foreach (var ticket in tickets)
                {
                    ticket.Done.TrySetException(ex);
                }
                return;
            }
        }
    }

    /// <summary>The intake whose row is at <paramref name="actionIndex"/> of the batch (0 is the counter).</summary>
    private static Ticket? Owner(List<Ticket> tickets, int actionIndex)
    {
        var i = 1;
        foreach (var ticket in tickets)
        {
            var rows = ticket.Key is null ? 1 : 2;
            if (actionIndex < i + rows)
            {
                return actionIndex == i + 1 ? ticket : null; // only its key row can exist already
            }
            i += rows;
        }
        return null;
    }

    private static async Task Answer(Ticket ticket, Func<Task<IssuedNumber?>> find)
    {
        try
        {
            ticket.Done.TrySetResult(await find() ?? throw new InvalidOperationException("An idempotency key vanished."));
        }
        catch (Exception ex)
        {
            ticket.Done.TrySetException(ex);
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

    /// <summary>One intake waiting for its number.</summary>
    private sealed record Ticket(IdempotencyKey? Key, Func<string, string> IntakeFor, DateTimeOffset IssuedAt)
    {
        public TaskCompletionSource<IssuedNumber> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A month's counter as this process last wrote it (tried without reading; the ETag tells if another process moved it) and the intakes waiting.</summary>
    private sealed class Month(string name)
    {
        public string Name { get; } = name;
        public Queue<Ticket> Waiting { get; } = new();
        public bool Flushing { get; set; }
        public (int Last, ETag? ETag)? Counter { get; set; }
    }
}

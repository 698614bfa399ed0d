using System.Diagnostics;
using System.Globalization;
using AfterSales.Functions.Local;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace AfterSales.Bench;

/// <summary>
/// The proof for issue 15: intake against the storage floor at 1, 4 and 16 clients, routing
/// latency under load, storage requests per complaint by operation type, peak working set, cold
/// start of the published handler. Writes BENCHMARKS.md. Run: bash tests/AfterSales.Bench/run.sh.
/// </summary>
internal static class Bench
{
    public static async Task Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var root = Azurite.FindRepoRoot(AppContext.BaseDirectory);
        await using var azurite = await Azurite.StartAsync(root, null, Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
        if (args.Contains("--cold-only"))
        {
            // Only the cold start (to try start-up settings: the handler inherits this process's environment).
            Console.WriteLine($"cold start: {await ColdStart.MeasureAsync(options.Published, azurite.ConnectionString, Math.Max(options.ColdStarts, 5))}");
            return;
        }
        var counter = new RequestCounter();
        await using var app = new BenchApp(azurite.ConnectionString, counter, Path.Combine(root, "functions", "AfterSales"));
        app.Server.PreserveExecutionContext = true; // the request-path mark flows into the app (set before the client is made)
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchApp.Token());
        http.Timeout = TimeSpan.FromMinutes(2);
        var results = new Results { Options = options, Cores = Environment.ProcessorCount };
        Console.WriteLine($"AfterSales bench: {options.Seconds} s per level, clients {string.Join(", ", options.Clients)}, Azurite in memory, {results.Cores} cores");
        using var memory = new MemorySampler();
        var intake = new IntakeClient(http);

        await http.GetAsync("/api/health");
        for (var i = 0; i < 20; i++)
        {
            await intake.TakeAsync(); // warm up: JIT, the month's counter, the tables
        }
        await Quiet(counter);

        // The floor: the raw SDK calls an intake cannot avoid (its number, its announcement, the
        // complaint with its first event), one after the other, at the same concurrency.
        var floorNumbers = new TableClient(azurite.ConnectionString, "BenchFloorNumbers");
        var floorRecords = new TableClient(azurite.ConnectionString, "BenchFloorRecords");
        var floorQueue = new QueueClient(azurite.ConnectionString, "bench-floor", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await floorNumbers.CreateIfNotExistsAsync();
        await floorRecords.CreateIfNotExistsAsync();
        await floorQueue.CreateIfNotExistsAsync();
        var floorSerial = 0;
        var floorQueueSend = !args.Contains("--floor-only-tables");
        async Task FloorOnce()
        {
            var n = Interlocked.Increment(ref floorSerial).ToString("D7", CultureInfo.InvariantCulture);
            await floorNumbers.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("202612", "n|" + n) { ["Intake"] = new string('x', 900) })]);
            if (floorQueueSend)
            {
                await floorQueue.SendMessageAsync(new string('a', 300));
            }
            await floorRecords.SubmitTransactionAsync([
                new(TableTransactionActionType.Add, new TableEntity(n, "record") { ["Data"] = new string('x', 1500) }),
                new(TableTransactionActionType.Add, new TableEntity(n, "event|000001") { ["Data"] = new string('x', 700) }),
            ]);
        }

        if (args.Contains("--floor-only") || args.Contains("--floor-only-tables"))
        {
            // The floor alone, level after level on the same Azurite: does the emulator slow as its tables and queues fill?
            // (--floor-only-tables: without the announcement's queue send, to tell the tables from the queue.)
            for (var round = 1; round <= 6; round++)
            {
                foreach (var clients in options.Clients)
                {
                    Console.WriteLine($"round {round}, {clients,2} clients: floor {await Load.RunAsync(clients, options.Seconds, _ => FloorOnce())} ({floorSerial} floor intakes so far)");
                }
            }
            return;
        }

        // First the most clients with intakes paced to an arrival rate, to show how much intake the
        // after-work keeps up with here (routing under a second); first, because Azurite slows as it
        // fills. Then back to back at each level.
        var levels = options.Clients.Select(c => (Clients: c, Paced: (double?)null)).ToList();
        if (options.Paced > 0)
        {
            levels.Insert(0, (options.Clients.Max(), options.Paced));
        }
        foreach (var (clients, paced) in levels)
        {
            // (A paced level has no floor of its own: the floor runs back to back, so the two would not compare.)
            var floor = paced is null ? await Load.RunAsync(clients, options.Seconds, _ => FloorOnce()) : Stats.Of([]);
            memory.Reset();
            var routing = new Routing(http);
            var sent = counter.Count;
            var run = await Load.RunAsync(clients, options.Seconds, async i =>
            {
                var started = Stopwatch.GetTimestamp();
                var number = await intake.TakeAsync();
                if (number is not null && i % options.RoutingSample == 0)
                {
                    routing.Watch(number, started);
                }
            }, paced);
            var served = (counter.Count - sent) / (double)options.Seconds;
            var peak = memory.Peak;
            var routed = await routing.AllAsync();
            results.Levels.Add(new Level(clients, floor, run, routed, intake.TakeErrors(), peak, served, paced));
            Console.WriteLine($"{clients,2} clients{(paced is { } p ? $" paced to {p}/s" : $": floor {floor}")}; intake {run}; routing {Stats.Of(routed)}; "
                + $"peak working set {peak / 1048576} MB; app storage requests {served:F0}/s while the level ran");
            await Quiet(counter);
        }
        results.Gapless = intake.CheckNumbers();
        Console.WriteLine($"numbers: {intake.Numbers.Count}, {results.Gapless}");

        // The request path alone: the same intakes on an app with no runner in the process (as on
        // Azure, where the host's consumers run beside the request, not on its cores and storage).
        await Quiet(counter);
        var before = counter.Snapshot();
        // A fresh floor beside the fresh app: Azurite slows as a table partition and a queue fill
        // (the floor alone, level after level: `--floor-only`), so both start empty.
        floorNumbers = new TableClient(azurite.ConnectionString, "BenchPathFloorNumbers");
        floorRecords = new TableClient(azurite.ConnectionString, "BenchPathFloorRecords");
        floorQueue = new QueueClient(azurite.ConnectionString, "bench-path-floor", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await floorNumbers.CreateIfNotExistsAsync();
        await floorRecords.CreateIfNotExistsAsync();
        await floorQueue.CreateIfNotExistsAsync();
        await using (var pathApp = new BenchApp(azurite.ConnectionString, new RequestCounter(), Path.Combine(root, "functions", "AfterSales"), runner: false, prefix: "benchpath"))
        {
            using var pathHttp = pathApp.CreateClient();
            pathHttp.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization;
            pathHttp.Timeout = http.Timeout;
            var alone = new IntakeClient(pathHttp);
            for (var i = 0; i < 20; i++)
            {
                await alone.TakeAsync();
            }
            foreach (var clients in options.Clients)
            {
                var floor = await Load.RunAsync(clients, options.Seconds, _ => FloorOnce());
                var run = await Load.RunAsync(clients, options.Seconds, _ => alone.TakeAsync());
                results.PathAlone.Add(new PathLevel(clients, floor, run, alone.TakeErrors()));
                Console.WriteLine($"{clients,2} clients, request path alone: floor {floor}; intake {run}");
            }
            results.PathAloneGapless = alone.CheckNumbers();
        }
        // What the first app (its runner: timers, polls) sent meanwhile, beside the request path alone.
        var meanwhile = counter.Snapshot().Select(c => (c.Key.Operation, Count: c.Value - before.GetValueOrDefault(c.Key))).Where(c => c.Count > 0)
            .GroupBy(c => c.Operation).Select(g => (Operation: g.Key, Count: g.Sum(c => c.Count))).OrderByDescending(c => c.Count).ToList();
        Console.WriteLine($"the first app's storage requests during the request-path-alone levels: {meanwhile.Sum(c => c.Count)} ("
            + string.Join(", ", meanwhile.Take(6).Select(c => $"{c.Operation} {c.Count}")) + ")");

        // Storage requests: the intake alone, then the whole general on-site path, by operation type.
        counter.Reset();
        for (var i = 0; i < options.PathComplaints; i++)
        {
            await intake.TakeAsync();
        }
        results.IntakeOnPath = counter.CountOnPath / (double)options.PathComplaints;
        await Quiet(counter);
        results.IntakeOps = PerComplaint(counter, options.PathComplaints);
        counter.Reset();
        var path = new OnSitePath(http, intake);
        for (var i = 0; i < options.PathComplaints; i++)
        {
            await path.RunAsync(() => Quiet(counter), counter, () => Busy(counter));
        }
        results.PathOps = PerComplaint(counter, options.PathComplaints);
        results.Actions = path.PerAction(options.PathComplaints);
        Console.WriteLine($"storage requests per intake on the request path: {results.IntakeOnPath:F1}, after: {Markdown.Billed(results.IntakeOps).Sum(o => o.After):F1}; "
            + $"general on-site path: {Markdown.Billed(results.PathOps).Sum(o => o.OnPath):F1} + {Markdown.Billed(results.PathOps).Sum(o => o.After):F1}");
        Console.WriteLine("per action, request path + after: " + string.Join(", ", results.Actions.Select(a => $"{a.Action} {a.Requests:F1} + {a.After:F1}")));
        foreach (var o in Markdown.Billed(results.IntakeOps).Where(o => o.After > 0).OrderByDescending(o => o.After))
        {
            Console.WriteLine($"  intake after: {o.Operation} {o.After:F1}");
        }
        foreach (var o in Markdown.Billed(results.PathOps).Where(o => o.After > 0).OrderByDescending(o => o.After).Take(12))
        {
            Console.WriteLine($"  on-site path after: {o.Operation} {o.After:F1}");
        }

        memory.Reset();
        results.Upload = await Upload.RunAsync(http, await intake.TakeAsync() ?? throw new InvalidOperationException("no complaint"));
        results.UploadPeak = memory.Peak;
        Console.WriteLine($"25 MB upload: {results.Upload:F0} ms, peak working set {results.UploadPeak / 1048576} MB");

        if (options.ColdStarts > 0)
        {
            results.ColdStart = await ColdStart.MeasureAsync(options.Published, azurite.ConnectionString, options.ColdStarts);
            Console.WriteLine($"cold start: {results.ColdStart}");
        }

        if (options.Write)
        {
            var file = Path.Combine(root, "BENCHMARKS.md");
            await File.WriteAllTextAsync(file, Markdown.Write(results, File.Exists(file) ? await File.ReadAllTextAsync(file) : "", Path.Combine(root, "docs", "performance.md")));
            Console.WriteLine($"wrote {file}");
        }
    }

    /// <summary>Waits until the runner has nothing left to do: no storage request but its idle polls for a second.</summary>
    private static async Task Quiet(RequestCounter counter)
    {
        var deadline = Stopwatch.StartNew();
        var last = Busy(counter);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(1.5) && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
            var now = Busy(counter);
            if (now != last)
            {
                last = now;
                still.Restart();
            }
        }
    }

    private static int Busy(RequestCounter counter) =>
        counter.Snapshot().Where(c => !c.Key.Operation.StartsWith("queue receive", StringComparison.Ordinal)).Sum(c => c.Value);

    private static List<OpCount> PerComplaint(RequestCounter counter, int complaints) =>
        [.. counter.Snapshot()
            .GroupBy(c => Group(c.Key.Operation))
            .Select(g => new OpCount(g.Key,
                g.Where(c => c.Key.OnPath).Sum(c => c.Value) / (double)complaints,
                g.Where(c => !c.Key.OnPath).Sum(c => c.Value) / (double)complaints))
            .OrderByDescending(o => o.OnPath + o.After)];

    /// <summary>Operation type and table or queue; the feed's many subscriber queues count as one line each way.</summary>
    private static string Group(string operation) =>
        operation.Contains(" feed-", StringComparison.Ordinal) ? operation[..operation.IndexOf(" feed-", StringComparison.Ordinal)] + " feed-<subscriber>" : operation;
}

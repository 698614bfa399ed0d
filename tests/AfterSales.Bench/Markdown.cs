using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AfterSales.Bench;

/// <summary>
/// Writes BENCHMARKS.md: the command, the machine, this run's figures beside the previous run's
/// (kept in the file as a JSON comment) and the targets, the storage requests by operation type,
/// and below the history the file had.
/// </summary>
internal static class Markdown
{
    private const string FiguresMark = "<!-- bench figures: ";
    private const string HistoryMark = "<!-- history -->";

    private static readonly Dictionary<string, string> Targets = new()
    {
        ["intake p50 / floor p50, 1 client"] = "≤ 1.5×",
        ["intake p50 / floor p50, request path alone, 1 client"] = "≤ 1.5×",
        ["intake, request path alone (no runner in the process), 16 clients"] = "≥ 300/s, p99 < 100 ms",
        ["intake, 16 clients"] = "≥ 300/s, p99 < 100 ms",
        ["intake errors"] = "0",
        ["storage requests per intake, request path"] = "≤ 4",
        ["routing (intake → marketing inbox), 16 clients"] = "p99 < 1 s",
        ["routing (intake → marketing inbox), 16 clients, intakes paced to 10/s"] = "p99 < 1 s",
        ["storage requests for triage + resolution + confirmation (request path + after)"] = "halved: ≤ 19 (38 when filed)",
        ["cold start, published handler, first /api/health"] = "< 500 ms",
    };

    public static string Write(Results r, string previousFile, string performanceDoc)
    {
        var figures = Figures(r);
        var previous = Previous(previousFile, out var previousWhen);
        var when = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, `{Git("rev-parse --short HEAD")}`";
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine($"Command: `bash tests/AfterSales.Bench/run.sh {r.Options.Seconds}` (seconds per concurrency level; it publishes the handler for the cold start, runs a");
        md.AppendLine("private Azurite in memory and the app in-process with the local runner playing the host, and rewrites this file).");
        md.AppendLine($"Machine: {r.Cores} cores, {Memory()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at the end {Load()}.");
        md.AppendLine("Absolute times move with whatever else the machine runs: compare the floor measured in the same run; storage request counts are exact.").AppendLine();
        md.AppendLine($"| figure | previous run{(previousWhen is null ? "" : $" ({previousWhen})")} | this run ({when}) | target |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (name, value) in figures)
        {
            md.AppendLine($"| {name} | {previous.GetValueOrDefault(name, "—")} | {value} | {Targets.GetValueOrDefault(name, "")} |");
        }
        md.AppendLine();
        md.AppendLine("Floor: the raw SDK calls one intake cannot avoid, one after the other (its number row in a batch, its announcement, the");
        md.AppendLine("complaint with its first event in a batch), at the same concurrency. Intake: `POST /api/complaints` with an");
        md.AppendLine("Idempotency-Key, every answer checked (201, Location, ETag, number, customer); numbers checked unique and consecutive.");
        md.AppendLine($"Routing: every {r.Options.RoutingSample}th complaint of the level watched until it leaves `received`. Paced (run first, on a fresh");
        md.AppendLine("Azurite; no floor of its own, the floor runs back to back): 16 clients, but intake i is not sent before i / rate seconds, to show what");
        md.AppendLine("arrival rate the after-work keeps up with here.");
        md.AppendLine("App's storage requests per second: every request the app (request path and runner, its queue polls included) sent during the level, over its seconds.");
        md.AppendLine("Request path alone: the same intakes on a second app in the process with no runner (its own tables and queues, which");
        md.AppendLine("nothing reads), so the feed, routing and projections of earlier intakes do not share the 2 cores and the one Azurite with");
        md.AppendLine("the request (on Azure the host adds instances for a queue backlog, and Table Storage is not one Node process); its floor has fresh tables and a fresh queue.");
        md.AppendLine("Azurite slows as it fills, so figures late in a run are lower than early ones on the same code; see docs/performance.md.").AppendLine();

        md.Append(TargetReasons(performanceDoc));

        md.AppendLine($"## Storage requests per complaint, by operation type ({r.Options.PathComplaints} complaints)").AppendLine();
        md.AppendLine("Request path: sent while the HTTP request was being answered. After: the feed, the subscribers and projections the runner");
        md.AppendLine("ran for it (idle queue polls left out: the host makes those whatever the traffic). A batch or a query page is one transaction.").AppendLine();
        Ops(md, "intake alone (to routed, projected, indexed)", r.IntakeOps);
        Ops(md, "the general on-site path: intake, triage, dispatch, arrival, resolution, confirmation, revisit", r.PathOps);
        md.AppendLine("Per action, request path + after: " + string.Join(", ", r.Actions.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Action} {a.Requests:0.#} + {a.After:0.#}"))) + ".").AppendLine();

        md.AppendLine(FiguresMark + JsonSerializer.Serialize(new { when, figures = figures.ToDictionary() }) + " -->");
        md.AppendLine(HistoryMark).AppendLine();
        md.AppendLine("## History").AppendLine();
        md.Append(History(previousFile));
        return md.ToString();
    }

    /// <summary>
    /// The targets table of docs/performance.md (kept by hand: for each target whether it is met, and
    /// for one that is not the measured reason and what would meet it), copied in at each run.
    /// </summary>
    private static string TargetReasons(string performanceDoc)
    {
        var lines = File.Exists(performanceDoc) ? File.ReadAllLines(performanceDoc) : [];
        var table = lines.SkipWhile(l => l != "## Targets").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith('|')).ToList();
        if (table.Count == 0)
        {
            return "";
        }
        var md = new StringBuilder();
        md.AppendLine("## Targets: met or not, the measured reason, and what would meet them").AppendLine();
        md.AppendLine("Copied from [docs/performance.md](docs/performance.md#targets) (kept by hand, with the commands behind each figure).").AppendLine();
        foreach (var l in table)
        {
            md.AppendLine(l);
        }
        return md.AppendLine().ToString();
    }

    private static List<(string, string)> Figures(Results r)
    {
        var f = new List<(string, string)>();
        foreach (var l in r.Levels)
        {
            var level = Clients(l.Clients) + (l.Paced is { } p ? string.Create(CultureInfo.InvariantCulture, $", intakes paced to {p:0.#}/s") : "");
            if (l.Paced is null)
            {
                f.Add(($"storage floor, {level}", l.Floor.ToString()));
            }
            f.Add(($"intake, {level}", l.Intake.ToString()));
            if (l.Paced is null)
            {
                f.Add(($"intake p50 / floor p50, {level}", string.Create(CultureInfo.InvariantCulture, $"{l.Intake.P50 / l.Floor.P50:F1}×")));
            }
            f.Add(($"routing (intake → marketing inbox), {level}", Stats.Of(l.Routing).ToString()));
            f.Add(($"app's storage requests per second while the level ran, {level}", l.ServedPerSecond.ToString("F0", CultureInfo.InvariantCulture)));
        }
        foreach (var l in r.PathAlone)
        {
            f.Add(($"storage floor, {Clients(l.Clients)}, beside the request path alone", l.Floor.ToString()));
            f.Add(($"intake, request path alone (no runner in the process), {Clients(l.Clients)}", l.Intake.ToString()));
            f.Add(($"intake p50 / floor p50, request path alone, {Clients(l.Clients)}", string.Create(CultureInfo.InvariantCulture, $"{l.Intake.P50 / l.Floor.P50:F1}×")));
        }
        f.Add(("intake errors", (r.Levels.Sum(l => l.Errors) + r.PathAlone.Sum(l => l.Errors)).ToString(CultureInfo.InvariantCulture)));
        f.Add(("numbers", r.PathAlone.Count == 0 ? r.Gapless : $"{r.Gapless}; request path alone: {r.PathAloneGapless}"));
        f.Add(("storage requests per intake, request path", N(r.IntakeOnPath)));
        f.Add(("storage requests per intake, after (feed, routing, projections)", N(Billed(r.IntakeOps).Sum(o => o.After))));
        f.Add(("storage requests for triage + resolution + confirmation (request path + after)", TriageResolveClose(r)));
        f.Add(("storage requests, general on-site path to closed (request path + after)", $"{N(Billed(r.PathOps).Sum(o => o.OnPath))} + {N(Billed(r.PathOps).Sum(o => o.After))}"));
        f.Add(("cold start, published handler, first /api/health", r.ColdStart is { } c ? $"{c.FirstHealth:F0} ms ({c.What}; listening at {c.Listening:F0} ms)" : "—"));
        f.Add(("peak working set, 16 clients", $"{r.Levels.LastOrDefault(l => l.Paced is null)?.PeakWorkingSet / 1048576} MB (bench and app in one process)"));
        f.Add(("25 MB upload: time, peak working set", $"{r.Upload:F0} ms, {r.UploadPeak / 1048576} MB"));
        return f;
    }

    private static void Ops(StringBuilder md, string title, List<OpCount> ops)
    {
        md.AppendLine($"**{title}**: {N(Billed(ops).Sum(o => o.OnPath))} on the request path, {N(Billed(ops).Sum(o => o.After))} after.").AppendLine();
        md.AppendLine("| operation | request path | after |").AppendLine("|---|---|---|");
        foreach (var o in Billed(ops))
        {
            md.AppendLine($"| {o.Operation} | {N(o.OnPath)} | {N(o.After)} |");
        }
        md.AppendLine();
    }

    /// <summary>Without the queue polls (the host's, whatever the traffic; the runner's receives stand in for them here).</summary>
    private static string TriageResolveClose(Results r)
    {
        var three = r.Actions.Where(a => a.Action is "triage" or "resolution" or "confirmation").ToList();
        return three.Count == 0 ? "" : $"{N(three.Sum(a => a.Requests))} + {N(three.Sum(a => a.After))}";
    }

    internal static IEnumerable<OpCount> Billed(List<OpCount> ops) => ops.Where(o => !o.Operation.StartsWith("queue receive", StringComparison.Ordinal));

    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Clients(int n) => n == 1 ? "1 client" : $"{n} clients";

    private static Dictionary<string, string> Previous(string file, out string? when)
    {
        when = null;
        var at = file.IndexOf(FiguresMark, StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }
        var json = file[(at + FiguresMark.Length)..file.IndexOf(" -->", at, StringComparison.Ordinal)];
        using var doc = JsonDocument.Parse(json);
        when = doc.RootElement.GetProperty("when").GetString();
        return doc.RootElement.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>What the file kept below its history mark; the first time, the whole hand-written file.</summary>
    private static string History(string file)
    {
        var at = file.IndexOf(HistoryMark, StringComparison.Ordinal);
        if (at >= 0)
        {
            var rest = file[(at + HistoryMark.Length)..].TrimStart();
            return rest.StartsWith("## History", StringComparison.Ordinal) ? rest["## History".Length..].TrimStart() : rest;
        }
        return file.Replace("# Benchmarks", "### Before the bench wrote this file", StringComparison.Ordinal);
    }

    private static string Git(string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", args) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string Memory() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kb, ..]
            ? $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1048576} GiB" : "? GiB";

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

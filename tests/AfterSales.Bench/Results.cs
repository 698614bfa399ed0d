using System.Globalization;

namespace AfterSales.Bench;

internal sealed record BenchOptions(int Seconds, int[] Clients, int RoutingSample, int PathComplaints, string? Published, int ColdStarts, bool Write, double Paced)
{
    /// <summary>[seconds per level=10] [--clients 1,4,16] [--path complaints=10] [--published DIR] [--no-cold] [--no-write] [--paced intakes/s=10, 0: none] [--cold-only]</summary>
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var seconds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 10;
        var clients = Value("--clients")?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() ?? [1, 4, 16];
        return new BenchOptions(seconds, clients, RoutingSample: 10, PathComplaints: int.Parse(Value("--path") ?? "10", CultureInfo.InvariantCulture),
            Value("--published"), ColdStarts: args.Contains("--no-cold") ? 0 : 5, Write: !args.Contains("--no-write"),
            Paced: double.Parse(Value("--paced") ?? "10", CultureInfo.InvariantCulture));
    }
}

/// <summary>One level with the runner; <c>Paced</c>: intakes sent at that rate (as long as the clients keep up), not back to back.</summary>
internal sealed record Level(int Clients, Stats Floor, Stats Intake, List<double> Routing, int Errors, long PeakWorkingSet, double ServedPerSecond, double? Paced = null);

/// <summary>Intake with no runner in the process: the request path alone, against the floor measured just before it.</summary>
internal sealed record PathLevel(int Clients, Stats Floor, Stats Intake, int Errors);

internal sealed record OpCount(string Operation, double OnPath, double After);

internal sealed class Results
{
    public required BenchOptions Options { get; init; }
    public int Cores { get; init; }
    public List<Level> Levels { get; } = [];
    public List<PathLevel> PathAlone { get; } = [];
    public string Gapless { get; set; } = "";
    public string PathAloneGapless { get; set; } = "";
    public double IntakeOnPath { get; set; }
    public List<OpCount> IntakeOps { get; set; } = [];
    public List<OpCount> PathOps { get; set; } = [];
    public List<(string Action, double Requests, double After)> Actions { get; set; } = [];
    public double Upload { get; set; }
    public long UploadPeak { get; set; }
    public ColdStarts? ColdStart { get; set; }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AfterSales.Functions.Local;

/// <summary>
/// Starts Azurite, the Storage emulator, from the npm package pinned in the repo's
/// <c>package.json</c> (running <c>npm ci</c> first when it is not installed yet).
/// Used by the local runner and by the tests.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;

    private Azurite(Process? process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>True when this instance started the emulator (rather than finding one already running).</summary>
    public bool Owned => _process is not null;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>
    /// Starts Azurite. With <paramref name="dataPath"/> null it keeps everything in memory.
    /// When the ports are already served (Azurite already running), it reuses that one.
    /// </summary>
    public static async Task<Azurite> StartAsync(
        string repoRoot, string? dataPath, int blobPort, int queuePort, int tablePort,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        if (await IsListeningAsync(blobPort) && await IsListeningAsync(queuePort) && await IsListeningAsync(tablePort))
        {
            log($"Azurite already listening on {blobPort}/{queuePort}/{tablePort}; using it.");
            return new Azurite(null, blobPort, queuePort, tablePort);
        }
        var entry = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            // npm's cache is reused where it has the packages; the time taken is said at the end.
            log("Azurite (the Storage emulator) is not installed yet: running npm ci once (the packages pinned in package.json); on a fresh clone this takes about a minute...");
            var watch = Stopwatch.StartNew();
            await RunAsync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], repoRoot, cancellationToken);
            log($"Azurite installed in {watch.Elapsed.TotalSeconds:F0} s.");
        }
        var args = new List<string>
        {
            entry,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose", "--silent", "--disableProductStyleUrl",
        };
        string? preload = null;
        if (dataPath is null)
        {
            args.Add("--inMemoryPersistence");
            preload = WithoutQueueGc(repoRoot);
            args.InsertRange(0, ["--require", preload]);
        }
        else
        {
            Directory.CreateDirectory(dataPath);
            args.AddRange(["--location", dataPath]);
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        args.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blobPort, queuePort, tablePort);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while (!(await IsListeningAsync(blobPort) && await IsListeningAsync(queuePort) && await IsListeningAsync(tablePort)))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
                }
                if (DateTime.UtcNow > deadline)
                {
                    await azurite.DisposeAsync();
                    throw new TimeoutException("Azurite did not start listening within 60 s.");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
        finally
        {
            if (preload is not null)
            {
                File.Delete(preload); // read by node at start; not left behind when Azurite fails to start either
            }
        }
        log($"Azurite listening on blob {blobPort}, queue {queuePort}, table {tablePort}.");
        return azurite;
    }

    /// <summary>
    /// A script node runs before Azurite (<c>--require</c>) that turns off the queue service's
    /// garbage collection, for in-memory runs only. In memory every queue message is an extent of
    /// its own, and the collection, once a minute, deletes the extents of the messages consumed
    /// since, one at a time, each deletion sorting the whole extents index again: a few thousand
    /// messages (one load test) block Azurite's only thread for minutes, so every storage call
    /// hangs (seen as the reliability tests' outage and drain waits failing; a profile of the stuck
    /// Azurite is all <c>deleteExtents</c> → <c>Collection.ensureAllIndexes</c>). An in-memory
    /// Azurite lives as long as a test run or a local session, so it keeps those messages instead
    /// (their text, a few hundred bytes each). On disk (<c>Azurite:DataPath</c>) many messages share
    /// an extent file and the collection stays cheap, so it is left alone.
    /// </summary>
    private static string WithoutQueueGc(string repoRoot)
    {
        var constants = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "queue", "utils", "constants.js");
        if (!File.Exists(constants))
        {
            throw new InvalidOperationException($"{constants} is not there: Azurite's queue constants moved (a new Azurite version?); see Azurite.WithoutQueueGc.");
        }
        var script = Path.Combine(Path.GetTempPath(), $"azurite-without-queue-gc-{Guid.NewGuid():N}.js");
        // The longest timer node takes (about 24.8 days): the collection runs once at start, then never.
        File.WriteAllText(script, $"require({System.Text.Json.JsonSerializer.Serialize(constants)}).DEFAULT_GC_INTERVAL_MS = 2147483647;\n");
        return script;
    }

    /// <summary>The folder holding the package.json that pins Azurite, searched upwards from <paramref name="start"/>.</summary>
    public static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var package = Path.Combine(dir.FullName, "package.json");
            if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No package.json pinning azurite above {start}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, IEnumerable<string> args, string workingDirectory, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {p.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}

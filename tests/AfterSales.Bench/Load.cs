using System.Diagnostics;
using System.Globalization;

namespace AfterSales.Bench;

/// <summary>Latencies of one run: percentiles and the rate achieved.</summary>
internal sealed record Stats(int Count, double P50, double P95, double P99, double PerSecond)
{
    public static Stats Of(IReadOnlyCollection<double> ms, double seconds = 0)
    {
        if (ms.Count == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, 0);
        }
        var sorted = ms.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new Stats(sorted.Count, At(0.5), At(0.95), At(0.99), seconds > 0 ? sorted.Count / seconds : 0);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50:F1} / p95 {P95:F1} / p99 {P99:F1} ms{(PerSecond > 0 ? $", {PerSecond:F0}/s" : "")}");
}

/// <summary>
/// A closed loop of <c>clients</c> workers, each sending its next request when the last is answered, for a fixed time;
/// with <c>perSecond</c>, request i is not sent before i / perSecond seconds (an arrival rate, as long as the clients keep up).
/// </summary>
internal static class Load
{
    public static async Task<Stats> RunAsync(int clients, int seconds, Func<int, Task> operation, double? perSecond = null)
    {
        var times = new List<double>[clients];
        var next = -1;
        var watch = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = times[c] = [];
            while (watch.Elapsed < end)
            {
                var i = Interlocked.Increment(ref next);
                if (perSecond is { } rate && TimeSpan.FromSeconds(i / rate) - watch.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return Stats.Of([.. times.SelectMany(t => t)], watch.Elapsed.TotalSeconds);
    }
}

/// <summary>Samples the process's working set; <see cref="Peak"/> since the last <see cref="Reset"/>.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

    public long Peak { get { Sample(); return Interlocked.Read(ref _peak); } }

    public void Reset() => Interlocked.Exchange(ref _peak, 0);

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        var now = self.WorkingSet64;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }

    public void Dispose() => _timer.Dispose();
}

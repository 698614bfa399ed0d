using System.Diagnostics;
using System.Globalization;
using AfterSales.Functions.Local;

namespace AfterSales.Bench;

/// <summary>Cold starts of the handler as the host starts it: process start to "listening", and to the first /api/health answered.</summary>
internal sealed record ColdStarts(string What, double Listening, double FirstHealth, int Runs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{What}: listening after {Listening:F0} ms, first /api/health {FirstHealth:F0} ms (median of {Runs})");
}

internal static class ColdStart
{
    public static async Task<ColdStarts> MeasureAsync(string? published, string storage, int runs)
    {
        var root = Azurite.FindRepoRoot(AppContext.BaseDirectory);
        var executable = published is null ? null : Path.Combine(published, "handler", "AfterSales");
        var what = executable is not null && File.Exists(executable) ? "published handler" : "Release build (not published)";
        var listening = new List<double>();
        var health = new List<double>();
        await Once(); // the first start also warms the disk cache; not counted
        listening.Clear();
        health.Clear();
        for (var i = 0; i < runs; i++)
        {
            await Once();
        }
        return new ColdStarts(what, Median(listening), Median(health), runs);

        async Task Once()
        {
            var port = Azurite.FreePort();
            ProcessStartInfo start;
            if (executable is not null && File.Exists(executable))
            {
                start = new ProcessStartInfo(executable) { WorkingDirectory = Path.GetDirectoryName(executable)! };
            }
            else
            {
                start = new ProcessStartInfo("dotnet");
                start.ArgumentList.Add(Path.Combine(root, "functions", "AfterSales", "bin", "Release", "net10.0", "AfterSales.dll"));
            }
            start.UseShellExecute = false;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["AzureWebJobsStorage"] = storage;
            start.Environment["Storage__Prefix"] = "bench";
            start.Environment["Auth__Audience"] = "api://aftersales-bench";
            start.Environment["Auth__Issuer"] = "aftersales-bench";
            start.Environment["Auth__SigningKey"] = Convert.ToBase64String(new byte[32]);
            start.Environment["CustomerLinks__SigningKey"] = Convert.ToBase64String(new byte[32]);
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            double? listeningAt = null;
            process.OutputDataReceived += (_, e) =>
            {
                if (listeningAt is null && e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
                {
                    listeningAt = watch.Elapsed.TotalMilliseconds;
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient();
            try
            {
                while (watch.Elapsed < TimeSpan.FromSeconds(60))
                {
                    try
                    {
                        if ((await client.GetAsync($"http://127.0.0.1:{port}/api/health")).IsSuccessStatusCode)
                        {
                            health.Add(watch.Elapsed.TotalMilliseconds);
                            await Task.Delay(50);
                            listening.Add(listeningAt ?? double.NaN);
                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }
                    await Task.Delay(5);
                }
            }
            finally
            {
                process.Kill(true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static double Median(List<double> ms) => ms.Count == 0 ? double.NaN : ms.Order().ElementAt(ms.Count / 2);
}

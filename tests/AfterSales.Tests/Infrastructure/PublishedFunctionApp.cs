using System.Diagnostics;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// Runs the documented publish once, <c>dotnet publish functions/AfterSales -c Release -o DIR</c>, with
/// DIR a temporary folder: DIR is the Function App and DIR.zip its package, so nothing under
/// artifacts/ is touched and the test sees exactly what a deployer following the README gets.
/// </summary>
public sealed class PublishedFunctionApp : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aftersales-publish");

    /// <summary>DIR, the folder given to <c>-o</c>: the Function App root.</summary>
    public string AppDir => Path.Combine(_root.FullName, "functionapp") + Path.DirectorySeparatorChar;

    /// <summary>DIR.zip, beside DIR.</summary>
    public string Zip => Path.Combine(_root.FullName, "functionapp.zip");

    public string Output { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AzuriteFixture.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", Path.Combine("functions", "AfterSales"), "-c", "Release", "-o", AppDir, "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        // The test host's MSBuild variables would steer the child build; it starts clean instead.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        Output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{Output}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _root.Delete(true);
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// Runs the real `dotnet publish functions/AfterSales -c Release` once, into a temporary folder
/// (FunctionAppDir, FunctionAppZip and PublishDir overridden so nothing under artifacts/ is touched).
/// </summary>
public sealed class PublishedFunctionApp : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aftersales-publish");

    public string AppDir => Path.Combine(_root.FullName, "functionapp") + Path.DirectorySeparatorChar;
    public string Zip => Path.Combine(_root.FullName, "aftersales-functionapp.zip");
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
        foreach (var arg in new[]
                 {
                     "publish", Path.Combine("functions", "AfterSales"), "-c", "Release", "-nologo",
                     $"-p:FunctionAppDir={AppDir}", $"-p:FunctionAppZip={Zip}", $"-p:PublishDir={Path.Combine(AppDir, "handler")}{Path.DirectorySeparatorChar}",
                 })
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

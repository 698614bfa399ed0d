using System.Diagnostics;
using System.Reflection;

namespace AfterSales.Tests.Infrastructure;

/// <summary>The templates under infra/ build and lint clean with the Bicep CLI from NuGet.</summary>
public class BicepTests
{
    private static string Bicep
    {
        get
        {
            var path = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
            if (!OperatingSystem.IsWindows())
            {
                // NuGet does not keep the run bit.
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            return path;
        }
    }

    public static TheoryData<string> Templates => [.. Directory.GetFiles(Path.Combine(AzuriteFixture.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(AzuriteFixture.RepoRoot, p))];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task TemplateBuildsWithoutWarnings(string template)
    {
        var (code, output) = await RunAsync("build", "--stdout", Path.Combine(AzuriteFixture.RepoRoot, template));
        Assert.True(code == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task TemplateLintsClean(string template)
    {
        var (code, output) = await RunAsync("lint", Path.Combine(AzuriteFixture.RepoRoot, template));
        Assert.True(code == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        // --stdout prints the ARM JSON; only diagnostics matter here.
        return (process.ExitCode, args[0] == "build" ? await stderr : await stdout + await stderr);
    }
}

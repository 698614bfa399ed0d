using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace AfterSales.Tests.Infrastructure;

/// <summary>The Bicep CLI from the NuGet package, and the ARM JSON it compiles templates to.</summary>
public static class BicepCli
{
    // One CLI run builds every template (a run costs seconds), once per test run.
    private static readonly Lazy<Task<Build>> All = new(RunBuildAsync);
    private static readonly Lazy<Task<(int Code, string Output)>> Lint = new(async () =>
    {
        var (code, stdout, stderr) = await RunAsync("lint", "--pattern", Path.Combine(InfraDir, "**", "*.bicep"));
        return (code, stdout + stderr);
    });

    /// <summary>The result of building every template under infra/: exit code, diagnostics, ARM JSON folder.</summary>
    public sealed record Build(int Code, string Diagnostics, string OutDir);

    public static string InfraDir => Path.Combine(AzuriteFixture.RepoRoot, "infra");

    public static string Executable
    {
        get
        {
            var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
            if (!OperatingSystem.IsWindows())
            {
                // NuGet does not keep the run bit.
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            return path;
        }
    }

    public static Task<Build> BuildAllAsync() => All.Value;

    public static Task<(int Code, string Output)> LintAllAsync() => Lint.Value;

    /// <summary>The ARM JSON of a template under infra/, e.g. "app/storage.bicep".</summary>
    public static async Task<JsonObject> BuildAsync(string relativeToInfra)
    {
        var build = await BuildAllAsync();
        Assert.True(build.Code == 0, build.Diagnostics);
        var json = Path.Combine(build.OutDir, Path.ChangeExtension(relativeToInfra, ".json"));
        return JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
    }

    private static async Task<Build> RunBuildAsync()
    {
        // Beside the test binaries, replaced on every run (nothing left in the temp folder).
        var outDir = Path.Combine(AppContext.BaseDirectory, "bicep-build");
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, true);
        }
        var (code, stdout, stderr) = await RunAsync("build", "--pattern", Path.Combine(InfraDir, "**", "*.bicep"), "--outdir", outDir);
        return new Build(code, stdout + stderr, outDir);
    }

    /// <summary>The template of a module deployment (by its deployment name) inside a compiled template.</summary>
    public static JsonObject Module(JsonObject template, string deploymentName) =>
        Resources(template, "Microsoft.Resources/deployments").Single(r => r["name"]!.GetValue<string>() == deploymentName);

    public static IEnumerable<JsonObject> Resources(JsonObject template, string type)
    {
        // Bicep writes resources as an array, or as an object keyed by symbolic name (languageVersion 2.0).
        var resources = template["resources"]!;
        var all = resources is JsonArray array ? array.Select(r => r!.AsObject()) : resources.AsObject().Select(p => p.Value!.AsObject());
        return all.Where(r => string.Equals(r["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}

namespace AfterSales.Tests.Infrastructure;

/// <summary>The templates under infra/ build and lint clean with the Bicep CLI from NuGet.</summary>
public class BicepTests
{
    public static TheoryData<string> Templates => [.. Directory.GetFiles(BicepCli.InfraDir, "*.bicep", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(AzuriteFixture.RepoRoot, p))];

    /// <summary>The CLI's diagnostic lines about one template (each starts with the file's path).</summary>
    private static string DiagnosticsOf(string output, string template)
    {
        var path = Path.Combine(AzuriteFixture.RepoRoot, template);
        return string.Join('\n', output.Split('\n').Where(l => l.StartsWith(path, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task TemplateBuildsWithoutWarnings(string template)
    {
        var build = await BicepCli.BuildAllAsync();
        var diagnostics = DiagnosticsOf(build.Diagnostics, template);
        Assert.True(build.Code == 0, build.Diagnostics);
        Assert.True(File.Exists(Path.Combine(build.OutDir, Path.ChangeExtension(Path.GetRelativePath("infra", template), ".json"))), build.Diagnostics);
        Assert.DoesNotContain("Warning", diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task TemplateLintsClean(string template)
    {
        var (code, output) = await BicepCli.LintAllAsync();
        var diagnostics = DiagnosticsOf(output, template);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("Warning", diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLinterTreatsSecurityRulesAsErrors()
    {
        // A template breaking a raised rule must fail the lint, not pass with a warning.
        var dir = Directory.CreateTempSubdirectory("bicep");
        try
        {
            File.Copy(Path.Combine(AzuriteFixture.RepoRoot, "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            var template = Path.Combine(dir.FullName, "bad.bicep");
            File.WriteAllText(template, "@secure()\nparam key string = 'not-a-secret-default'\noutput length int = length(key)\n");
            var (code, stdout, stderr) = await BicepCli.RunAsync("lint", template);
            Assert.NotEqual(0, code);
            Assert.Contains("Error secure-parameter-default", stdout + stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

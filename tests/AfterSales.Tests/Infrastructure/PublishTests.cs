using System.IO.Compression;
using System.Text.Json.Nodes;
using AfterSales.Functions;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// The deployment package the real publish makes is what the Functions host needs: host.json at
/// the root naming an executable handler, one folder per function with its function.json, and a
/// zip holding the same files with the handler's execute bit kept.
/// </summary>
public class PublishTests(PublishedFunctionApp app) : IClassFixture<PublishedFunctionApp>
{
    private const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private JsonNode HostJson => JsonNode.Parse(File.ReadAllText(Path.Combine(app.AppDir, "host.json")))!;

    private string HandlerPath => HostJson["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();

    [Fact]
    public void HostJsonNamesAnExecutableHandlerInThePackage()
    {
        var description = HostJson["customHandler"]!["description"]!;
        var executable = Path.Combine(app.AppDir, HandlerPath);
        Assert.True(File.Exists(executable), $"{HandlerPath} is not in the package");
        Assert.True(Directory.Exists(Path.Combine(app.AppDir, description["workingDirectory"]!.GetValue<string>())));
        Assert.True(HostJson["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("2.0", HostJson["version"]!.GetValue<string>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", HostJson["extensionBundle"]!["id"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Execute, File.GetUnixFileMode(executable) & Execute);
        }
    }

    [Fact]
    public void EveryFunctionHasItsFolderAndFunctionJsonAndNothingElseIsAFunction()
    {
        var functionFolders = Directory.GetDirectories(app.AppDir)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName).Order().ToList();
        Assert.Equal(AppCatalog.All.Select(f => f.Name).Order(), functionFolders);
        foreach (var function in AppCatalog.All)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(app.AppDir, function.Name, "function.json")))!;
            Assert.True(JsonNode.DeepEquals(FunctionJson.For(function), json), $"{function.Name}/function.json differs from its definition");
            var trigger = Assert.Single(json["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
            Assert.Equal("in", trigger["direction"]!.GetValue<string>());
        }
        // Only the handler and the function folders sit beside host.json.
        var folders = Directory.GetDirectories(app.AppDir).Select(Path.GetFileName).Order();
        Assert.Equal(AppCatalog.All.Select(f => f.Name).Append("handler").Order(), folders);
    }

    /// <summary>
    /// The regression this guards: with <c>-o DIR</c> the handler used to land in DIR itself, beside
    /// host.json, while the package the host reads had no handler/ at all and started nothing.
    /// </summary>
    [Fact]
    public void PublishingWithOutputMakesThatFolderTheAppWithTheHandlerUnderHandler()
    {
        var handler = Path.Combine(app.AppDir, "handler");
        Assert.True(Directory.Exists(handler), $"no handler/ in {app.AppDir}:\n{app.Output}");
        Assert.True(File.Exists(Path.Combine(handler, "AfterSales")), "handler/AfterSales is missing");
        Assert.True(File.Exists(Path.Combine(handler, "AfterSales.dll")), "handler/AfterSales.dll is missing");
        Assert.Empty(Directory.GetFiles(app.AppDir, "AfterSales*"));
        Assert.Equal(["host.json"], Directory.GetFiles(app.AppDir).Select(Path.GetFileName));

        using var zip = ZipFile.OpenRead(app.Zip);
        Assert.NotNull(zip.GetEntry("handler/AfterSales"));
        Assert.NotNull(zip.GetEntry("handler/AfterSales.dll"));
        Assert.Contains($"Function App: {app.AppDir} and {app.Zip}", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheZipHoldsTheSameFilesWithTheHandlerStillExecutable()
    {
        using var zip = ZipFile.OpenRead(app.Zip);
        var files = Directory.GetFiles(app.AppDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(app.AppDir, f).Replace('\\', '/')).Order().ToList();
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).Order().ToList();
        Assert.Equal(files, entries);

        Assert.Equal(File.ReadAllBytes(Path.Combine(app.AppDir, "host.json")), Read(zip.GetEntry("host.json")!));
        // The host starts the handler as a process: on Linux the zip's Unix mode (high 16 bits of
        // the external attributes) must carry the execute bit, or the start fails with EACCES.
        var handler = zip.GetEntry(HandlerPath)!;
        var mode = (UnixFileMode)((handler.ExternalAttributes >> 16) & 0x1FF);
        Assert.Equal(Execute, mode & Execute);
    }

    /// <summary>The staff console ships inside the handler: its pages, scripts and MSAL's browser bundle.</summary>
    [Fact]
    public void TheHandlerCarriesTheStaffConsole()
    {
        using var zip = ZipFile.OpenRead(app.Zip);
        foreach (var file in new[] { "index.html", "app.js", "app.css", "lib/strings.js", "screens/index.js", "vendor/msal-browser.min.js" })
        {
            Assert.True(File.Exists(Path.Combine(app.AppDir, "handler", "StaffConsole", "web", file)), $"handler/StaffConsole/web/{file} is missing");
            Assert.NotNull(zip.GetEntry($"handler/StaffConsole/web/{file}"));
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

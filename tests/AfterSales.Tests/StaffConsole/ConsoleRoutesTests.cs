using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AfterSales.Access;
using AfterSales.StaffConsole;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.StaffConsole;

/// <summary>The console's routes over plain HTTP: anonymous files under /api/console/, their headers, the settings the pages read.</summary>
public partial class ConsoleRoutesTests(AppFixture app) : IClassFixture<AppFixture>
{
    private HttpClient Anonymous() => app.CreateClientWithToken(null);

    [Fact]
    public async Task ThePageIsServedWithoutSignInUnderApiWithItsSecurityHeadersAndRevalidates()
    {
        var page = await Anonymous().GetAsync("/api/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoCache);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/console/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await Anonymous().SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/", "/api/console/")]
    [InlineData("/api/console", "/api/console/")]
    public async Task TheRootsRedirectToTheConsole(string path, string location)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/api/console/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/api/console/lib/strings.js", "text/javascript; charset=utf-8")]
    [InlineData("/api/console/app.css", "text/css; charset=utf-8")]
    [InlineData("/api/console/sw.js", "text/javascript; charset=utf-8")]
    [InlineData("/api/console/vendor/msal-browser.min.js", "text/javascript; charset=utf-8")]
    public async Task ScriptsAndStylesAreUtf8(string path, string type)
    {
        var response = await Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/api/console/nothing-here.js")]
    [InlineData("/api/console/%2e%2e/%2e%2e/appsettings.json")]
    [InlineData("/api/console/..%2F..%2FAfterSales.dll")]
    [InlineData("/api/console/screens")]
    public async Task NothingOutsideTheConsolesFilesIsServed(string path)
    {
        var response = await Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task TheSettingsSayHowToSignInAndWhichRolesTheRestrictedActionsNeed()
    {
        var settings = await (await Anonymous().GetAsync("/api/console/settings")).ReadJsonAsync();
        // Testing: no /dev/token, no Console:ClientId.
        Assert.Equal(SignInModes.None, settings["signIn"]!.GetValue<string>());
        var roles = settings["endpointRoles"]!;
        Assert.Equal(["management"], roles["DecideApproval"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["marketing", "quality", "technical", "supervisor"], roles["RecordTriage"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(roles["GetDepartmentInbox"]); // any staff: the inbox's own rule decides
        // The service worker's shell: every file but itself, the page and vendor/, and their version.
        var shell = settings["shell"]!;
        var files = shell["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("app.js", files);
        Assert.Contains("screens/assessment.js", files);
        Assert.DoesNotContain("sw.js", files);
        Assert.DoesNotContain(files, f => f.StartsWith("vendor/", StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{12}$", shell["version"]!.GetValue<string>());
    }

    [Fact]
    public void InAzureTheConsoleSignsInWithEntraOnTheApisTenantAndAllowsOnlyItsHost()
    {
        var auth = new AuthOptions { Authority = "https://login.microsoftonline.com/tenant-1/v2.0", Audience = "api://aftersales" };
        var (mode, entra) = ConsoleSettings.SignInFor(devTokens: false, auth, new ConsoleOptions { ClientId = "client-1" });
        Assert.Equal(SignInModes.Entra, mode);
        Assert.NotNull(entra);
        Assert.Equal("client-1", entra.ClientId);
        Assert.Equal("https://login.microsoftonline.com/tenant-1", entra.Authority); // MSAL's form: no /v2.0
        Assert.Equal(["api://aftersales/.default"], entra.Scopes);
        Assert.Equal(["api://aftersales/access_as_user"],
            ConsoleSettings.SignInFor(false, auth, new ConsoleOptions { ClientId = "client-1", Scope = "api://aftersales/access_as_user" }).Entra!.Scopes);
        Assert.Equal(SignInModes.None, ConsoleSettings.SignInFor(false, auth, new ConsoleOptions()).Mode);
        Assert.Equal(SignInModes.Local, ConsoleSettings.SignInFor(true, auth, new ConsoleOptions { ClientId = "client-1" }).Mode);

        var csp = ConsolePolicy.ContentSecurityPolicyFor(entra);
        Assert.Contains("connect-src 'self' https://login.microsoftonline.com;", csp, StringComparison.Ordinal);
        Assert.Contains("frame-src 'self' https://login.microsoftonline.com;", csp, StringComparison.Ordinal);
    }

    /// <summary>Every UI string a script asks for exists in zh-CN and English.</summary>
    [Fact]
    public void EveryStringTheScriptsUseHasBothLanguages()
    {
        var web = Path.Combine(AzuriteFixture.RepoRoot, "functions", "AfterSales", ConsoleFiles.Folder);
        var strings = File.ReadAllText(Path.Combine(web, "lib", "strings.js"));
        var zh = Keys(strings[strings.IndexOf("zh: {", StringComparison.Ordinal)..strings.IndexOf("en: {", StringComparison.Ordinal)]);
        var en = Keys(strings[strings.IndexOf("en: {", StringComparison.Ordinal)..]);
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
        var used = Directory.GetFiles(web, "*.js", SearchOption.AllDirectories)
            .Where(f => !f.Contains("vendor", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Distinct().ToList();
        Assert.True(used.Count > 100, $"found only {used.Count} keys: the pattern may be stale");
        var missing = used.Where(k => !zh.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"Strings used but missing from strings.js: {string.Join(", ", missing)}");
    }

    private static HashSet<string> Keys(string block) => [.. DefinedKey().Matches(block).Select(m => m.Groups["key"].Value)];

    [GeneratedRegex(@"(?<key>[A-Za-z]+): '")]
    private static partial Regex DefinedKey();

    /// <summary>t('key'), and the keys screens pass as data (label: 'x', nav: 'x', job: 'x', placeholder titles).</summary>
    [GeneratedRegex(@"\bt\('(?<key>[A-Za-z]+)'[,)]|\b(?:label|nav|job): '(?<key>[A-Za-z]+)'|'(?<key>(?:filter|col|coming)[A-Z][A-Za-z]+)'")]
    private static partial Regex UsedKey();
}

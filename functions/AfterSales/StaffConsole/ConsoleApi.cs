using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AfterSales.StaffConsole;

/// <summary>
/// The console's routes. They live under <c>/api/console/</c> because the Functions host proxies
/// only <c>/api/*</c> to the handler: the same URL works behind the host in Azure and locally.
/// Anonymous: the files hold no data, and every API call the pages make carries the token.
/// </summary>
public static class ConsoleApi
{
    public const string Root = "/api/console/";

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/api/console").WithTags("Console").AllowAnonymous().ExcludeFromDescription();
        console.MapGet("/settings", SettingsAsync).WithName("GetConsoleSettings");
        console.MapGet("/{**path}", File).WithName("GetConsoleFile");
        // Locally the app answers at its root too; behind the host only /api/* arrives.
        app.MapGet("/", () => TypedResults.Redirect(Root)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static Results<PhysicalFileHttpResult, RedirectHttpResult> File(string? path, ConsoleFiles files, ConsolePolicy policy, HttpContext http)
    {
        // The page's relative links (app.css, lib/api.js) need the trailing slash.
        if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/'))
        {
            return TypedResults.Redirect(Root);
        }
        var file = files.Find(path) ?? throw new NotFoundException($"The console has no file '{path}'.");
        var headers = http.Response.Headers;
        // Revalidate every time (a deploy shows at once); unchanged files answer 304 with no body.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = policy.ContentSecurityPolicy;
        // Weak: the same file may go out compressed or not.
        var tag = new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\"", isWeak: true);
        return TypedResults.PhysicalFile(file.PhysicalPath!, ConsoleFiles.ContentType(file.Name), lastModified: file.LastModified, entityTag: tag);
    }

    internal static async Task<Ok<ConsoleSettings>> SettingsAsync(ConsolePolicy policy, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await policy.SettingsAsync());
    }
}

/// <summary>The console's settings and content security policy, worked out once.</summary>
public sealed class ConsolePolicy(IServiceProvider services, IOptions<AuthOptions> auth, IOptions<ConsoleOptions> options,
    EndpointDataSource endpoints, IAuthorizationPolicyProvider policies, ConsoleFiles files)
{
    private readonly Lazy<(string Mode, EntraSignIn? Entra)> _signIn =
        new(() => ConsoleSettings.SignInFor(DevTokens.IsAvailable(services), auth.Value, options.Value));

    private Task<ConsoleSettings>? _settings;

    public async Task<ConsoleSettings> SettingsAsync() => (await (_settings ??= BuildAsync())) with { Shell = files.Shell() };

    /// <summary>
    /// Scripts, styles and calls only from the app itself; Entra ID's sign-in host for MSAL's token
    /// calls and its hidden renewal frame. No inline script, no framing by other sites.
    /// </summary>
    public string ContentSecurityPolicy => ContentSecurityPolicyFor(_signIn.Value.Entra);

    public static string ContentSecurityPolicyFor(EntraSignIn? entra)
    {
        var idp = entra is null ? "" : " " + new Uri(entra.Authority).GetLeftPart(UriPartial.Authority);
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'{idp}; "
            + $"frame-src 'self'{idp}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }

    private async Task<ConsoleSettings> BuildAsync()
    {
        var (mode, entra) = _signIn.Value;
        return new ConsoleSettings(mode, entra, Roles.All, [.. Enum.GetValues<Department>().Select(Departments.Code)],
            await ConsoleSettings.EndpointRolesAsync(endpoints, policies));
    }
}

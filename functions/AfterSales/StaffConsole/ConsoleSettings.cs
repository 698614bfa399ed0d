using AfterSales.Access;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales.StaffConsole;

/// <summary>How the console signs staff in.</summary>
public static class SignInModes
{
    /// <summary>The picker: any user and roles through <c>POST /dev/token</c> (Development only).</summary>
    public const string Local = "local";
    /// <summary>Entra ID through MSAL in the browser (Azure).</summary>
    public const string Entra = "entra";
    /// <summary>Neither is configured: the console says so instead of failing later.</summary>
    public const string None = "none";
}

/// <summary>What MSAL in the browser needs to sign in with Entra ID.</summary>
public sealed record EntraSignIn(string ClientId, string Authority, IReadOnlyList<string> Scopes);

/// <summary>The files the service worker keeps for offline use and their version (docs/console.md).</summary>
public sealed record ConsoleShell(string Version, IReadOnlyList<string> Files);

/// <summary>
/// What the console needs before anyone signs in: how to sign in (the local picker in
/// Development, Entra ID otherwise), the roles and departments, and which roles each restricted
/// endpoint admits, so a screen offers only the actions the signed-in person's roles allow (the
/// API still decides). Nothing here is a secret.
/// </summary>
public sealed record ConsoleSettings(
    string SignIn,
    EntraSignIn? Entra,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departments,
    IReadOnlyDictionary<string, IReadOnlyList<string>> EndpointRoles)
{
    /// <summary>The shell's files and version, for the service worker (worked out on each request: a deploy changes them).</summary>
    public ConsoleShell? Shell { get; init; }

    /// <summary>
    /// The sign-in the browser uses: the local picker where <c>POST /dev/token</c> exists, else
    /// Entra ID when a client id is set, else none (the console says sign-in is not configured).
    /// </summary>
    public static (string Mode, EntraSignIn? Entra) SignInFor(bool devTokens, AuthOptions auth, ConsoleOptions console)
    {
        if (devTokens)
        {
            return (SignInModes.Local, null);
        }
        if (string.IsNullOrWhiteSpace(console.ClientId) || string.IsNullOrWhiteSpace(auth.Authority))
        {
            return (SignInModes.None, null);
        }
        // MSAL wants the tenant's authority without the v2.0 suffix the API's token validation uses.
        var authority = auth.Authority.TrimEnd('/');
        if (authority.EndsWith("/v2.0", StringComparison.OrdinalIgnoreCase))
        {
            authority = authority[..^"/v2.0".Length];
        }
        var scope = string.IsNullOrWhiteSpace(console.Scope) ? $"{auth.Audience?.TrimEnd('/')}/.default" : console.Scope.Trim();
        return (SignInModes.Entra, new EntraSignIn(console.ClientId.Trim(), authority, [scope]));
    }

    /// <summary>
    /// For each named endpoint whose policies admit fewer than every staff role, the roles that get
    /// through (the intersection of every role requirement on it: group and endpoint policies).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> EndpointRolesAsync(
        EndpointDataSource endpoints, IAuthorizationPolicyProvider policies)
    {
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
            var allowed = new HashSet<string>(Kernel.Roles.All);
            foreach (var requirement in policy?.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>() ?? [])
            {
                allowed.IntersectWith(requirement.AllowedRoles);
            }
            if (allowed.Count < Kernel.Roles.All.Count)
            {
                result[name] = [.. Kernel.Roles.All.Where(allowed.Contains)];
            }
        }
        return result;
    }
}

namespace AfterSales.StaffConsole;

/// <summary>
/// How the console signs staff in with Entra ID in Azure (<c>Console</c> section). The console is
/// a single-page application: it needs the client id of an app registration with a
/// "Single-page application" redirect URI <c>https://{app}/api/console/</c>, and the scope of the
/// API it asks a token for. The authority is <c>Auth:Authority</c>'s tenant. None of these is a
/// secret: the browser receives them from <c>GET /api/console/settings</c>.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Application (client) id of the console's app registration; empty turns Entra sign-in off.</summary>
    public string? ClientId { get; set; }

    /// <summary>The scope to ask a token for, e.g. <c>api://aftersales/access_as_user</c>; by default <c>{Auth:Audience}/.default</c>.</summary>
    public string? Scope { get; set; }
}

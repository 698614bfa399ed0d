using AfterSales.Functions.Local;

namespace AfterSales.Notifications;

/// <summary>Where notifications go: nowhere, to local files (Development), or out through Graph and Teams.</summary>
public enum Delivery { Off, Outbox, Graph }

/// <summary>Who hears of a department's work (or the supervisors'): a mailbox, an Entra group's members, in one language.</summary>
public sealed class Recipients
{
    /// <summary>A shared or group mailbox (市场营销部@...); optional when <see cref="Group"/> is set.</summary>
    public string? Mailbox { get; set; }

    /// <summary>Object id of an Entra group whose members are mailed too (looked up through Graph).</summary>
    public string? Group { get; set; }

    /// <summary><c>zh-CN</c> (default) or <c>en</c>.</summary>
    public string? Language { get; set; }
}

/// <summary>
/// <c>Notifications</c> section: who is told of what, in which language, and how sending retries.
/// Departments are keyed by their code (<c>Notifications__Departments__quality__Mailbox</c>). A
/// person's address and language are their own in Entra ID (<c>mail</c>, <c>preferredLanguage</c>).
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public Delivery Delivery { get; set; } = Delivery.Off;

    /// <summary>The address people open links at (<c>https://func-x.azurewebsites.net</c>); empty: <c>https://$WEBSITE_HOSTNAME</c>.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The language of anyone without a setting of their own: <c>zh-CN</c>.</summary>
    public string DefaultLanguage { get; set; } = "zh-CN";

    public Dictionary<string, Recipients> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>After-sales supervisors (售后服务主管): told of escalations.</summary>
    public Recipients Supervisors { get; set; } = new();

    /// <summary>Tries per notification before it is marked failed and poisoned.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failure without <c>Retry-After</c>; it doubles with each try.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before its due time a step is reported "due soon" to its department.</summary>
    public TimeSpan DueSoonWindow { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Hour of the day (company time zone) the daily digest goes out.</summary>
    public int DigestHour { get; set; } = 8;

    /// <summary>Folder of the local outbox (Development), relative to the repo root.</summary>
    [LocalOnly]
    public string OutboxPath { get; set; } = ".outbox";

    /// <summary>The address links start with: the setting, else the Function App's own host name, else the local run's.</summary>
    public string BaseUrl(IConfiguration configuration) =>
        (PublicBaseUrl is { Length: > 0 } url ? url
            : configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host ? $"https://{host}"
            : "http://localhost:7071").TrimEnd('/');

    public Recipients? For(Kernel.Department department) => Departments.GetValueOrDefault(Kernel.Departments.Code(department));

    internal IEnumerable<string> Problems()
    {
        if (MaxAttempts is < 1 or > 20)
        {
            yield return "Notifications:MaxAttempts is between 1 and 20.";
        }
        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay || MaxRetryDelay > TimeSpan.FromDays(6))
        {
            yield return "Notifications:RetryDelay is positive and at most MaxRetryDelay (at most 6 days: a queue message waits 7 days at most).";
        }
        if (DigestHour is < 0 or > 23)
        {
            yield return "Notifications:DigestHour is an hour of the day, 0 to 23.";
        }
        if (DueSoonWindow <= TimeSpan.Zero)
        {
            yield return "Notifications:DueSoonWindow is positive.";
        }
        foreach (var code in Departments.Keys.Where(k => !Kernel.Departments.TryParse(k, out _)))
        {
            yield return $"Notifications:Departments:{code} is not a department ({Kernel.Departments.All}).";
        }
        foreach (var language in Departments.Values.Select(r => r.Language).Append(Supervisors.Language).Append(DefaultLanguage)
            .Where(l => l is not null && Languages.Parse(l) is null))
        {
            yield return $"'{language}' is not a language notifications are written in: zh-CN or en.";
        }
    }
}

/// <summary>
/// <c>Graph</c> section: the Entra app that sends mail (app-only, <c>Mail.Send</c> scoped to
/// <see cref="Sender"/> with Exchange RBAC for Applications) and reads group members. Without a
/// client secret the app signs in as its managed identity (<c>AZURE_CLIENT_ID</c>).
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }

    /// <summary>From Key Vault (<c>graph-client-secret</c>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The mailbox mail is sent as (<c>aftersales@contoso.com</c>).</summary>
    public string? Sender { get; set; }

    /// <summary>Microsoft Graph's address; tests point it at a local stub.</summary>
    [LocalOnly]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>A Key Vault reference App Service could not resolve arrives as its own text.</summary>
    internal bool HasSecret => !string.IsNullOrWhiteSpace(ClientSecret) && !ClientSecret.StartsWith("@Microsoft.KeyVault", StringComparison.Ordinal);
}

/// <summary><c>Teams</c> section: the Workflows webhook of the approvers' channel (from Key Vault).</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    public string? WebhookUrl { get; set; }

    internal bool Configured => Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _);
}

/// <summary>
/// <c>Approvals</c> section: how the approval page signs a manager in with Entra ID (authorization
/// code with PKCE, from the browser). <see cref="ClientId"/> is an app registration with the
/// single-page-application redirect URI <c>{PublicBaseUrl}/api/approvals/signed-in</c>.
/// </summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    public string? ClientId { get; set; }

    /// <summary>The scope that yields a token for this API with its app roles; empty: <c>{Auth:Audience}/.default</c>.</summary>
    public string? Scope { get; set; }
}

/// <summary>The languages notifications are written in.</summary>
public enum Language { ZhCn, En }

public static class Languages
{
    public static Language? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "zh-cn" or "zh" or "zh-hans" => Language.ZhCn,
        "en" or "en-us" or "en-gb" => Language.En,
        { } c when c.StartsWith("en-", StringComparison.Ordinal) => Language.En,
        { } c when c.StartsWith("zh-", StringComparison.Ordinal) => Language.ZhCn,
        _ => null,
    };

    public static string Code(this Language language) => language == Language.En ? "en" : "zh-CN";

    /// <summary>The text in this language.</summary>
    public static string Pick(this Language language, string zh, string en) => language == Language.En ? en : zh;

    public static string Pick(this Language language, Kernel.DisplayName name) => language.Pick(name.Zh, name.En);
}

namespace AfterSales.Access;

/// <summary>
/// How staff tokens are checked (<c>Auth</c> section). In Azure: <c>Auth__Authority</c>
/// (<c>https://login.microsoftonline.com/{tenant-id}/v2.0</c>) and <c>Auth__Audience</c> (the API's
/// application ID URI or client id, whichever the tokens carry as <c>aud</c>). Locally and in tests,
/// <c>Auth__SigningKey</c> replaces Entra ID: tokens are HS256-signed with that key and carry
/// <see cref="Issuer"/>. Never set a signing key in Azure.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The Entra ID authority whose metadata gives the issuer and signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience a token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>Base64 key (at least 32 bytes) for locally signed tokens; Development and tests only.</summary>
    [AfterSales.Functions.Local.LocalOnly]
    public string? SigningKey { get; set; }

    /// <summary>The issuer of locally signed tokens.</summary>
    [AfterSales.Functions.Local.LocalOnly]
    public string Issuer { get; set; } = "aftersales-local";

    internal bool UsesLocalKey => !string.IsNullOrWhiteSpace(SigningKey);

    internal byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey!);

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Set Auth:Audience to the audience staff tokens carry.";
        }
        if (!UsesLocalKey && string.IsNullOrWhiteSpace(Authority))
        {
            yield return "Set Auth:Authority to the Entra ID authority (https://login.microsoftonline.com/{tenant-id}/v2.0).";
        }
        if (UsesLocalKey && !IsKey(SigningKey!))
        {
            yield return "Auth:SigningKey must be base64 of at least 32 bytes.";
        }
    }

    internal static bool IsKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Access;

/// <summary>What a link lets its holder do; a link for one purpose is refused for another.</summary>
public enum LinkPurpose
{
    /// <summary>Read the complaint's public status.</summary>
    Status,
    /// <summary>Answer a satisfaction survey (顾客满意度调查) about the complaint.</summary>
    Survey,
    /// <summary>A manager approves a major quality problem from the Teams card (signed in; subject <c>number:step</c>).</summary>
    Approve,
    /// <summary>A manager rejects a major quality problem from the Teams card (signed in; subject <c>number:step</c>).</summary>
    Reject,
}

/// <summary>
/// <c>CustomerLinks</c> section. The signing key comes from Key Vault through the app setting
/// <c>CustomerLinks__SigningKey</c> (<c>@Microsoft.KeyVault(SecretUri=...)</c>).
/// </summary>
public sealed class CustomerLinkOptions
{
    public const string Section = "CustomerLinks";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The key before the last rotation: links it signed stay valid until they expire.</summary>
    /// <remarks>Set by hand while rotating the key (docs/deploy.md), so not in the template.</remarks>
    [AfterSales.Functions.Local.LocalOnly]
    public string? PreviousSigningKey { get; set; }

    public TimeSpan StatusLifetime { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan SurveyLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long the Approve and Reject links of a Teams approval card stay valid.</summary>
    public TimeSpan ApprovalLifetime { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan Lifetime(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Survey => SurveyLifetime,
        LinkPurpose.Approve or LinkPurpose.Reject => ApprovalLifetime,
        _ => StatusLifetime,
    };
}

/// <summary>Who redeemed a single-use link, and when.</summary>
public sealed record LinkUse(DateTimeOffset UsedAt, Kernel.Staff? By);

/// <summary>A link as issued, or as read back from a valid token. <see cref="Number"/> is the subject: a complaint number, or <c>number:step</c> for an approval.</summary>
public sealed record CustomerLink(string Token, LinkPurpose Purpose, string Number, DateTimeOffset ExpiresAt, bool SingleUse, string Nonce);

public enum LinkRefusal { None, Invalid, WrongPurpose, OtherComplaint, Expired, AlreadyUsed }

public sealed record LinkCheck(CustomerLink? Link, LinkRefusal Refusal)
{
    public bool IsValid => Link is not null;

    /// <summary>What to tell the customer; deliberately says nothing about which part of a bad token was wrong.</summary>
    public string Explanation => Refusal switch
    {
        LinkRefusal.Expired => "This link has expired. Ask us for a new one.",
        LinkRefusal.AlreadyUsed => "This link has already been used.",
        _ => "This link is not valid.",
    };
}

/// <summary>
/// Signed, expiring, purpose-bound links: for customers, who never sign in, and for approvers,
/// who act from a Teams card and sign in on the page the link opens. A token is
/// <c>base64url(payload).base64url(HMAC-SHA256(payload))</c> with payload
/// <c>v1|purpose|number|expiry(unix s)|single-use(1/0)|nonce</c>. Single-use links record their
/// nonce in <see cref="AccessModule.LinkUsesTable"/> when redeemed.
/// </summary>
public sealed class CustomerLinks(IOptions<CustomerLinkOptions> options, StorageAccount storage, TimeProvider clock)
{
    private const string Version = "v1";

    public CustomerLink Issue(string number, LinkPurpose purpose, bool singleUse)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.Value.Lifetime(purpose)).ToUnixTimeSeconds());
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var payload = string.Join('|', Version, Code(purpose), number,
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), singleUse ? "1" : "0", nonce);
        var bytes = Encoding.UTF8.GetBytes(payload);
        var token = $"{Base64UrlEncoder.Encode(bytes)}.{Base64UrlEncoder.Encode(Sign(bytes, options.Value.SigningKey))}";
        return new CustomerLink(token, purpose, number, expires, singleUse, nonce);
    }

    /// <summary>Checks signature, purpose, complaint and expiry without using the link up (e.g. to show a survey form).</summary>
    public LinkCheck Verify(string token, LinkPurpose purpose, string? number = null)
    {
        var link = Read(token);
        if (link is null)
        {
            return new(null, LinkRefusal.Invalid);
        }
        if (link.Purpose != purpose)
        {
            return new(null, LinkRefusal.WrongPurpose);
        }
        if (number is not null && !string.Equals(link.Number, number, StringComparison.Ordinal))
        {
            return new(null, LinkRefusal.OtherComplaint);
        }
        return clock.GetUtcNow() >= link.ExpiresAt ? new(null, LinkRefusal.Expired) : new(link, LinkRefusal.None);
    }

    /// <summary>
    /// Verifies the link and, when it is single-use, uses it up; a second redemption is refused.
    /// <paramref name="by"/> records who used it, when they signed in to do so.
    /// </summary>
    public async Task<LinkCheck> RedeemAsync(string token, LinkPurpose purpose, string? number, CancellationToken ct, Kernel.Staff? by = null)
    {
        var check = Verify(token, purpose, number);
        if (check.Link is not { SingleUse: true } link)
        {
            return check;
        }
        try
        {
            await storage.Table(AccessModule.LinkUsesTable).AddEntityAsync(new TableEntity(link.Number, link.Nonce)
            {
                ["Purpose"] = Code(link.Purpose),
                ["UsedAt"] = clock.GetUtcNow(),
                ["ExpiresAt"] = link.ExpiresAt,
                ["ById"] = by?.Id,
                ["ByName"] = by?.Name,
            }, ct);
            return check;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return new(null, LinkRefusal.AlreadyUsed);
        }
    }

    /// <summary>Whether (and by whom) a single-use link was used already; one point read.</summary>
    public async Task<LinkUse?> FindUseAsync(CustomerLink link, CancellationToken ct)
    {
        var row = await storage.Table(AccessModule.LinkUsesTable).GetEntityIfExistsAsync<TableEntity>(link.Number, link.Nonce, cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }
        var used = row.Value!;
        return new LinkUse(used.GetDateTimeOffset("UsedAt") ?? DateTimeOffset.MinValue,
            used.GetString("ById") is { } id ? new Kernel.Staff(id, used.GetString("ByName") ?? id) : null);
    }

    private CustomerLink? Read(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 512)
        {
            return null;
        }
        byte[] payload, signature;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(token[..dot]);
            signature = Base64UrlEncoder.DecodeBytes(token[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        var signedByCurrent = CryptographicOperations.FixedTimeEquals(signature, Sign(payload, options.Value.SigningKey));
        var signedByPrevious = !string.IsNullOrEmpty(options.Value.PreviousSigningKey)
            && CryptographicOperations.FixedTimeEquals(signature, Sign(payload, options.Value.PreviousSigningKey));
        if (!signedByCurrent && !signedByPrevious)
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 6 || parts[0] != Version || !TryParsePurpose(parts[1], out var purpose)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }
        return new CustomerLink(token, purpose, parts[2], DateTimeOffset.FromUnixTimeSeconds(expiry), parts[4] == "1", parts[5]);
    }

    private static byte[] Sign(byte[] payload, string? key) =>
        HMACSHA256.HashData(Convert.FromBase64String(key
            ?? throw new InvalidOperationException($"Set {CustomerLinkOptions.Section}:SigningKey.")), payload);

    private static string Code(LinkPurpose purpose) => purpose.ToString().ToLowerInvariant();

    private static bool TryParsePurpose(string code, out LinkPurpose purpose) =>
        Enum.TryParse(code, ignoreCase: true, out purpose) && Enum.IsDefined(purpose) && Code(purpose) == code;
}

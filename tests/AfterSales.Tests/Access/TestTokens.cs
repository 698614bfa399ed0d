using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Tests.Access;

/// <summary>
/// Staff tokens the tests sign themselves, shaped like Entra ID's (<c>oid</c>, <c>name</c>, <c>roles</c>),
/// with the key, issuer and audience the test host is configured with.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://aftersales.test/issuer";
    public const string Audience = "api://aftersales-test";
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
    public static readonly string CustomerLinkKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray());

    /// <summary>The settings that make the app trust these tokens (as configuration keys).</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:SigningKey"] = SigningKey,
        ["CustomerLinks:SigningKey"] = CustomerLinkKey,
    };

    /// <summary>Valid for years either side of now, so tests that move the app's clock keep their sign-in.</summary>
    public static string For(string userId, string name, params string[] roles) =>
        Sign(userId, name, roles, DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));

    public static string Expired(string userId, params string[] roles) =>
        Sign(userId, userId, roles, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1));

    public static string ForOtherAudience(string userId, params string[] roles) =>
        Sign(userId, userId, roles, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), audience: "api://some-other-api");

    public static string WithWrongSignature(string userId, params string[] roles) =>
        Sign(userId, userId, roles, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1),
            key: Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(255 - i)).ToArray()));

    public static string Sign(string userId, string name, IEnumerable<string> roles, DateTimeOffset notBefore, DateTimeOffset expires,
        string? audience = null, string? key = null)
    {
        var claims = new List<Claim> { new("oid", userId), new("sub", userId), new("name", name) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

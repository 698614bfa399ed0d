using System.Security.Claims;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Access;

/// <summary>Who to sign in as, locally.</summary>
public sealed record DevTokenRequest(string? UserId, string? Name, IReadOnlyList<string>? Roles, double? Hours);

public sealed record DevToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

/// <summary>
/// <c>POST /dev/token</c>: a staff token signed with the local key, for a chosen user and roles.
/// Mapped only in Development (and only with <c>Auth:SigningKey</c> set); Azure never has it.
/// </summary>
public static class DevTokens
{
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        if (!IsAvailable(app.ServiceProvider))
        {
            return app;
        }
        app.MapPost("/dev/token", Issue).WithTags("Development").WithName("IssueDevToken")
            .WithSummary("Development only: a signed staff token for a chosen user and roles, to paste into the Authorize field.")
            .AllowAnonymous();
        return app;
    }

    /// <summary>Whether <c>POST /dev/token</c> exists here: Development with a local signing key (the console's sign-in picker uses it).</summary>
    public static bool IsAvailable(IServiceProvider services) =>
        services.GetRequiredService<IWebHostEnvironment>().IsDevelopment()
        && services.GetRequiredService<IOptions<AuthOptions>>().Value.UsesLocalKey;

    internal static Results<Ok<DevToken>, ProblemHttpResult> Issue(DevTokenRequest request, IOptions<AuthOptions> options, TimeProvider clock)
    {
        var roles = request.Roles ?? [];
        var unknown = roles.Except(Roles.All).ToList();
        if (string.IsNullOrWhiteSpace(request.UserId) || unknown.Count > 0 || request.Hours is <= 0 or > 24 * 7)
        {
            return TypedResults.Problem($"Name a userId, roles from: {string.Join(", ", Roles.All)}, and at most 168 hours.",
                statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");
        }
        var now = clock.GetUtcNow();
        var expires = now.AddHours(request.Hours ?? 8);
        var token = Sign(options.Value, request.UserId, request.Name ?? request.UserId, roles, now, expires);
        return TypedResults.Ok(new DevToken(token, "Bearer", expires));
    }

    /// <summary>A token shaped like Entra ID's (<c>oid</c>, <c>name</c>, <c>roles</c>), signed with the local key.</summary>
    public static string Sign(AuthOptions options, string userId, string name, IEnumerable<string> roles, DateTimeOffset notBefore, DateTimeOffset expires)
    {
        var claims = new List<Claim> { new("oid", userId), new("sub", userId), new("name", name) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        });
    }
}

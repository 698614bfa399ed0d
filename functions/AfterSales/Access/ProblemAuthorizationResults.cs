using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Access;

/// <summary>
/// Lets the framework challenge (401 + <c>WWW-Authenticate: Bearer</c>) or forbid (403) as usual,
/// then writes problem details that say what was missing.
/// </summary>
public sealed class ProblemAuthorizationResults(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (context.GetEndpoint() is null && (authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            // Nothing answers at this address, so there is nothing to protect: say so, to anyone.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = "Not found.",
                    Detail = "Nothing answers at this address; the API is described at /openapi/v1.json.",
                },
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted || !(authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            return;
        }
        var (title, detail) = authorizeResult.Challenged
            ? ("Sign in first.", await ChallengeDetailAsync(context))
            : ("You may not do this.", ForbiddenDetail(authorizeResult));
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Title = title, Detail = detail },
        });
    }

    private static async Task<string> ChallengeDetailAsync(HttpContext context)
    {
        // The handler caches its result per request, so this does not validate the token twice.
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        return result.Failure switch
        {
            null => "Send a staff access token for this API: 'Authorization: Bearer <token>'.",
            SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The access token has expired (or is not valid yet); sign in again.",
            _ => "The access token is not valid for this API.",
        };
    }

    private static string ForbiddenDetail(PolicyAuthorizationResult result)
    {
        var roles = result.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).Distinct().ToList();
        return roles is { Count: > 0 }
            ? $"This needs one of these roles: {string.Join(", ", roles)}."
            : "Your roles do not allow this.";
    }
}

using AfterSales.Kernel;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AfterSales.Access;

/// <summary>Identity and access: staff tokens, the base policies, customer links, public limits, local sign-in.</summary>
public sealed class AccessModule : FeatureModule
{
    /// <summary>Per-subject rows of single-use links already redeemed (nonce as row key): customer links, and approval links with who used them.</summary>
    public const string LinkUsesTable = "CustomerLinkUses";

    public override string Name => "Access";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [LinkUsesTable]);

    public override void AddPolicies(AuthorizationBuilder policies) => policies.AddAfterSalesPolicies();

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // App Service sets WEBSITE_SITE_NAME on every Function App: a local signing key there would
        // let anyone holding it mint staff tokens, so Azure only ever trusts Entra ID.
        var inAzure = !string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => !o.Problems().Any(), "Auth settings are incomplete: set Auth:Audience and Auth:Authority (or Auth:SigningKey locally).")
            .Validate(o => !(inAzure && o.UsesLocalKey), "Auth:SigningKey is for local runs and tests; in Azure, tokens come from Entra ID (Auth:Authority).")
            .ValidateOnStart();
        services.AddOptions<CustomerLinkOptions>().BindConfiguration(CustomerLinkOptions.Section)
            .Validate(o => o.SigningKey is { } k && AuthOptions.IsKey(k) && (string.IsNullOrEmpty(o.PreviousSigningKey) || AuthOptions.IsKey(o.PreviousSigningKey)),
                "Set CustomerLinks:SigningKey (and PreviousSigningKey, if any) to base64 of at least 32 bytes.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((jwt, auth, clock) => ConfigureBearer(jwt, auth.Value, clock));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();

        services.AddSingleton<CustomerLinks>();
        services.AddPublicAccess();
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o =>
        {
            o.AddDocumentTransformer<BearerSecurityScheme>();
            o.AddOperationTransformer<BearerSecurityScheme>();
        });
    }

    /// <summary>After exception handling and status pages, before the endpoints.</summary>
    public override void UseMiddleware(IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UsePublicBodyLimit();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapDevTokens();

    private static void ConfigureBearer(JwtBearerOptions jwt, AuthOptions auth, TimeProvider clock)
    {
        // Entra ID's claim names as they are (oid, name, roles), not remapped to long URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = auth.Audience,
            NameClaimType = "name",
            RoleClaimType = "roles",
            // Lifetimes follow the app's clock, so tests that move time move token expiry with it.
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } exp && now - p.ClockSkew < exp && (notBefore is not { } nbf || nbf < now + p.ClockSkew);
            },
            ClockSkew = TimeSpan.FromMinutes(2),
        };
        if (auth.UsesLocalKey)
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(auth.SigningKeyBytes());
        }
        else
        {
            jwt.Authority = auth.Authority;
        }
    }
}

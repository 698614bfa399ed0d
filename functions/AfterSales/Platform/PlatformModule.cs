using AfterSales.Access;
using AfterSales.Kernel;
using Scalar.AspNetCore;

namespace AfterSales.Platform;

/// <summary>What every deployment has whatever its features: health, the OpenAPI document and its UI, the vocabulary, departments.</summary>
public sealed class PlatformModule : FeatureModule
{
    /// <summary>Files written for Power BI and downloads; the template's lifecycle rule cleans it.</summary>
    public const string ExportsContainer = "exports";

    public override string Name => "Platform";

    public override StorageNeeds Storage => StorageNeeds.Of(containers: [ExportsContainer]);

    public override IEnumerable<VocabularyList> Vocabulary => [VocabularyList.Of<Department>("departments", d => d.Name())];

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        // Locally at /openapi/v1.json; in Azure the host proxies only /api/*, so also under /api.
        // Anonymous everywhere: the document describes operations, not data, and every operation
        // still demands a token; the UI must load before anyone can paste one into it.
        app.MapOpenApi().AllowAnonymous();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.AddPreferredSecuritySchemes(BearerSecurityScheme.Name)).AllowAnonymous();
        app.MapScalarApiReference("/api/scalar", o => o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(BearerSecurityScheme.Name)).AllowAnonymous();
        app.MapHealthApi();
        app.MapVocabulary();
    }
}

using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Platform;

/// <summary>
/// The words of the paper forms for every code the API speaks (states, paths, steps,
/// departments, channels, ...), as the modules declare them, so screens and reports show 待初步分析
/// or "Awaiting triage" rather than <c>awaitingTriage</c>.
/// </summary>
public static class VocabularyApi
{
    public static IEndpointRouteBuilder MapVocabulary(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/vocabulary", Get).WithTags("Reference").WithName("GetVocabulary")
            .WithSummary("Every code the API uses, with its zh-CN and English names.")
            .RequireAuthorization(Policies.Staff);
        return app;
    }

    internal static Ok<IReadOnlyDictionary<string, IReadOnlyList<Term>>> Get(IEnumerable<FeatureModule> modules) =>
        TypedResults.Ok(Of(modules));

    /// <summary>Every module's lists by name; two modules declaring one name fail at start-up.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Term>> Of(IEnumerable<FeatureModule> modules) =>
        modules.SelectMany(m => m.Vocabulary).ToDictionary(l => l.Name, l => l.Terms);
}

using AfterSales.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Platform;

public sealed record HealthReport(string Status, string Storage, DateTimeOffset CheckedAt);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync).WithTags("Health").WithName("Health").WithSummary("Whether the app can reach its storage.")
            .AllowAnonymous(); // probes (the host, load balancers) carry no token; it reveals no data
        return app;
    }

    internal static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(StorageAccount storage, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            // One cheap request: the first page (of one) of the account's tables.
            await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return TypedResults.Ok(new HealthReport("healthy", "reachable", clock.GetUtcNow()));
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailures.IsUnavailable(ex))
        {
            var status = ex is Azure.RequestFailedException r ? r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer";
            return TypedResults.Json(new HealthReport("unhealthy", $"unreachable: {status}", clock.GetUtcNow()), statusCode: 503);
        }
    }
}

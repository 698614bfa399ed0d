using AfterSales.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Health;

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
            await foreach (var _ in storage.Table(StorageNames.Tables.Complaints).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return TypedResults.Ok(new HealthReport("healthy", "reachable", clock.GetUtcNow()));
        }
        catch (Azure.RequestFailedException ex)
        {
            return TypedResults.Json(new HealthReport("unhealthy", $"unreachable: {ex.Status}", clock.GetUtcNow()), statusCode: 503);
        }
    }
}

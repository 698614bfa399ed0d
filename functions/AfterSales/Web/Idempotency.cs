using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Web;

/// <summary>
/// Retried requests: a client sends <c>Idempotency-Key</c>; a repeat of a request already done
/// answers what the first one made, marked <c>Idempotent-Replayed: true</c>.
/// </summary>
public static class Idempotency
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static void MarkReplayed(this HttpResponse response) => response.Headers[ReplayedHeader] = "true";

    /// <summary>201 at <paramref name="location"/> for something new; 200, marked replayed, for a retry.</summary>
    public static Results<Created<T>, Ok<T>> CreatedOrReplayed<T>(HttpContext http, bool replayed, string location, T value)
    {
        if (replayed)
        {
            http.Response.MarkReplayed();
            return TypedResults.Ok(value);
        }
        return TypedResults.Created(location, value);
    }
}

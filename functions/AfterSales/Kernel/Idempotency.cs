using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Kernel;

/// <summary>
/// An <c>Idempotency-Key</c> a client sent with one request, as stored: hashed (with its scope,
/// usually the sender), the action it asked for and a hash of the request itself. A retry with
/// the same key answers what the first request did; the same key with another request is a 400.
/// </summary>
public sealed record IdempotencyKey(string Hash, string Action, string RequestHash)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 200;

    /// <summary>
    /// The key for <paramref name="request"/>, or null when the client sent none.
    /// <paramref name="scope"/> keeps keys of different senders (or the public web form) apart.
    /// </summary>
    public static IdempotencyKey? From(string? header, string? scope, string action, object request)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var key = header.Trim();
        if (key.Length > MaxLength)
        {
            throw ValidationException.For(Header, $"An idempotency key has at most {MaxLength} characters.");
        }
        var body = System.Text.Json.JsonSerializer.Serialize(request, request.GetType(), Json.Options);
        return new IdempotencyKey(Fingerprint.Of(scope is null ? key : $"{scope}|{key}"), action, Fingerprint.Of(body));
    }

    /// <summary>A key first used for another action or body is refused (400), naming what it was used for.</summary>
    public void EnsureSameRequestAs(KeyUse earlier, string thing)
    {
        if (earlier.Action != Action || earlier.RequestHash != RequestHash)
        {
            throw ValidationException.For(Header,
                $"This key was already used for a different {thing} ({earlier.Action}); use a new key for each new {thing}.");
        }
    }
}

/// <summary>What a key's first use recorded: the action, the request's hash, the version it produced and what it created.</summary>
public sealed record KeyUse(string Action, string RequestHash, int Version, string? Result = null);

/// <summary>Answers for requests that may be retries.</summary>
public static class Idempotency
{
    public static void MarkReplayed(this HttpResponse response) => response.Headers[IdempotencyKey.ReplayedHeader] = "true";

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

    /// <summary>200 with the record as changed; marked replayed when the request was a retry of one already done.</summary>
    public static Ok<T> Changed<T>(HttpContext http, bool replayed, T value)
    {
        if (replayed)
        {
            http.Response.MarkReplayed();
        }
        return TypedResults.Ok(value);
    }
}

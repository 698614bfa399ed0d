using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AfterSales.Kernel;

/// <summary>
/// Turns the kernel's exceptions (and unreadable bodies) into problem details: 400, 403, 404,
/// 409, 412, 413, 415, 428, and 503 with <c>Retry-After</c> when storage cannot be reached. The one place a
/// refusal gets its status, so bad input never becomes a 500.
/// </summary>
public sealed class ProblemHandling(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>How long a client waits before retrying when storage is unavailable (503).</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string? Detail, IEnumerable<KeyValuePair<string, object?>>? Extensions) answer = exception switch
        {
            ValidationException v => (400, "The request is not valid.", "See errors for each field.",
                new Dictionary<string, object?> { ["errors"] = v.Errors }),
            BadHttpRequestException { InnerException: JsonException j } b => (b.StatusCode, "The request body does not fit this operation.", Describe(j), null),
            BadHttpRequestException b => (b.StatusCode, "The request could not be read.", b.Message, null),
            JsonException j => (400, "The request body does not fit this operation.", Describe(j), null),
            StaleException s => (412, s.Title, s.Message, null),
            PreconditionRequiredException p => (428, "If-Match is required.", p.Message, null),
            NotFoundException n => (404, "Not found.", n.Message, null),
            AccessDeniedException a => (403, "You may not do this.", a.Message, null),
            ConflictException c => (409, c.Title, c.Message, c.Extensions),
            TooLargeException t => (413, "The content is too large.", t.Message, null),
            UnsupportedContentException u => (415, "This kind of content is not taken.", u.Message, null),
            _ when Storage.StorageFailures.IsUnavailable(exception) => (503, "Storage is not reachable just now.",
                "Nothing was changed by this request unless it says otherwise; try again in a few seconds (with the same Idempotency-Key, if you sent one).", null),
            _ => (0, "", null, null),
        };
        var (status, title, detail, extensions) = answer;
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        var details = new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        foreach (var (key, value) in extensions ?? [])
        {
            details.ProblemDetails.Extensions[key] = value;
        }
        return await problems.TryWriteAsync(details);
    }

    private static string Describe(JsonException j) =>
        j.Path is { Length: > 0 } path
            ? $"The value at {path} is not valid: {j.Message.Split(" Path:")[0]}"
            : j.Message;
}

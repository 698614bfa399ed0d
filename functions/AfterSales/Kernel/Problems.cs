using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Kernel;

/// <summary>The request breaks rules; <see cref="Errors"/> names each field and how to fix it (400).</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors) : Exception("The request is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects every broken rule of a request, so all are reported at once.</summary>
public sealed class ErrorList
{
    private readonly Dictionary<string, string[]> _errors = [];

    public int Count => _errors.Count;

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field, []), message];

    public void AddIf(bool condition, string field, string message)
    {
        if (condition)
        {
            Add(field, message);
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationException(_errors);
        }
    }
}

/// <summary>The record asked for does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>
/// The action is not possible in the record's current state (409). <see cref="Extensions"/> go
/// into the problem body, e.g. the state and the actions that are possible.
/// </summary>
public sealed class ConflictException(string title, string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>The record changed since the caller read it (412): read it again and retry with its ETag.</summary>
public sealed class StaleException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>A change was sent without <c>If-Match</c> (428).</summary>
public sealed class PreconditionRequiredException(string message) : Exception(message);

/// <summary>The request's body is larger than the operation takes (413).</summary>
public sealed class TooLargeException(string message) : Exception(message);

/// <summary>The request's content is of a kind the operation does not take (415).</summary>
public sealed class UnsupportedContentException(string message) : Exception(message);

/// <summary>The signed-in user may not do this to this record (403).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>
/// Problem details (RFC 9457) for every refusal. Handlers throw the kernel's exceptions;
/// <see cref="ProblemHandling"/> turns them into these answers, so every 4xx looks the same.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.");

    /// <summary>Declares on a route the problem answers its handler may give, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>Declares on a group the problem answers all its routes may give.</summary>
    public static RouteGroupBuilder ProducesProblems(this RouteGroupBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>What a change can answer besides success: bad input, refused, missing, wrong state, stale or missing ETag.</summary>
    public static readonly int[] ChangeProblems = [400, 403, 404, 409, 412, 428];
}

using AfterSales.Complaints;
using Microsoft.AspNetCore.Diagnostics;

namespace AfterSales.Web;

/// <summary>
/// Turns the domain's exceptions into RFC 9457 problem details (400, 404, 409, 412), so bad
/// input never becomes a 500.
/// </summary>
public sealed class ProblemHandling(IProblemDetailsService problems) : IExceptionHandler
{
    private static string JsonProblem(System.Text.Json.JsonException j) =>
        j.Path is { Length: > 0 } path
            ? $"The value at {path} is not valid: {j.Message.Split(" Path:")[0]}"
            : j.Message;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        (int status, string title, string? detail, IDictionary<string, object?>? extensions) = exception switch
        {
            DomainValidationException v => (400, "The request is not valid.", "See errors for each field.",
                new Dictionary<string, object?> { ["errors"] = v.Errors }),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException j } b =>
                (b.StatusCode, "The request body does not fit this operation.", JsonProblem(j), null),
            BadHttpRequestException b => (b.StatusCode, "The request could not be read.", b.Message, null),
            System.Text.Json.JsonException j => (400, "The request body does not fit this operation.", JsonProblem(j), null),
            ConcurrencyException c => (412, "The complaint changed since you read it.", $"Read {c.Number} again and retry with its current ETag.", null),
            PreconditionRequiredException p => (428, "If-Match is required.", p.Message, null),
            ComplaintNotFoundException n => (404, "Not found.", n.Message, null),
            AfterSales.Access.AccessDeniedException a => (403, "You may not do this.", a.Message, null),
            InvalidTransitionException t => (409, "That is not possible in the complaint's current state.", t.Message,
                new Dictionary<string, object?>
                {
                    ["number"] = t.Number,
                    ["state"] = ComplaintLifecycle.Code(t.State),
                    ["action"] = t.Action,
                    ["allowedActions"] = t.AllowedActions,
                }),
            _ => (0, "", null, null),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() },
        });
    }
}

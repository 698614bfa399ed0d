using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Web;

/// <summary>Short ways to answer with problem details.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}

/// <summary>Versions travel as strong ETags: <c>"7"</c> is the complaint after its seventh event.</summary>
public static class Versions
{
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version a caller saw, from <c>If-Match</c>; a change without it is refused (428).</summary>
    public static int FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new PreconditionRequiredException("Send If-Match with the ETag of the version you read, so a change made meanwhile is not overwritten.");
        }
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        if (!int.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw new AfterSales.Complaints.DomainValidationException(new Dictionary<string, string[]> { ["If-Match"] = [$"'{header}' is not an ETag this API issued (they look like \"7\")."] });
        }
        return version;
    }
}

/// <summary>A change was sent without <c>If-Match</c>.</summary>
public sealed class PreconditionRequiredException(string message) : Exception(message);

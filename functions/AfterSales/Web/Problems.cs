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

/// <summary>Reads enum values from query strings the way the JSON does: camelCase, any case.</summary>
public static class EnumQuery
{
    public static T? Parse<T>(string? value, string name) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0]))
        {
            return parsed;
        }
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        throw new AfterSales.Complaints.DomainValidationException(new Dictionary<string, string[]> { [name] = [$"'{value}' is not a {name}; use one of {allowed}."] });
    }
}

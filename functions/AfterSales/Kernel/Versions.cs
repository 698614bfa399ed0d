using System.Globalization;

namespace AfterSales.Kernel;

/// <summary>
/// Versions travel as strong ETags: <c>"7"</c> is a record after its seventh event. Every change
/// takes <c>If-Match</c> with the ETag last read; this is the one rule that reads it.
/// </summary>
public static class Versions
{
    public static string ETag(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The versions <c>If-Match</c> accepts. Missing: 428. A list matches if any tag does; weak tags
    /// (<c>W/"7"</c>) never match (strong comparison, RFC 9110), so they end in 412. A tag this API
    /// never issues (<c>*</c>, text) is a 400: a change always names the version it was made on.
    /// </summary>
    public static IfMatch FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new PreconditionRequiredException("Send If-Match with the ETag of the version you read, so a change made meanwhile is not overwritten.");
        }
        var versions = new List<int>();
        foreach (var tag in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                continue;
            }
            var value = tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' ? tag[1..^1] : tag;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw ValidationException.For("If-Match", $"'{header}' is not an ETag this API issued (they look like \"7\").");
            }
            versions.Add(version);
        }
        return new IfMatch(versions);
    }
}

/// <summary>The versions a caller's <c>If-Match</c> names.</summary>
public sealed record IfMatch(IReadOnlyList<int> Versions)
{
    public bool Matches(int version) => Versions.Contains(version);
}

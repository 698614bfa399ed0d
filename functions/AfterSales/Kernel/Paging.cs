using System.Buffers.Text;
using System.Text;

namespace AfterSales.Kernel;

/// <summary>A page of results and the token that fetches the next one (absent on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>How many items a list answers per page: 1 to 200, 50 unless asked.</summary>
public static class PageSize
{
    public const int Default = 50, Max = 200;

    public static int Check(int? pageSize, ErrorList? errors = null)
    {
        if (pageSize is < 1 or > Max)
        {
            var message = $"pageSize is between 1 and {Max} (default {Default}).";
            if (errors is null)
            {
                throw ValidationException.For("pageSize", message);
            }
            errors.Add("pageSize", message);
        }
        return pageSize ?? Default;
    }
}

/// <summary>
/// Continuation tokens as clients see them: Table Storage's own token, bound to the query that
/// produced it and encoded opaquely. A token that was altered, or is used with another query,
/// is refused with a 400 instead of silently ending the list.
/// </summary>
public static class PageTokens
{
    private const string Version = "p1";

    public static string? Wrap(string? storageToken, string query) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}\n{Scope(query)}\n{storageToken}"));

    public static string? Unwrap(string? token, string query)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
        }
        catch (FormatException)
        {
            throw Invalid("This is not a continuation token this API issued; start the list again without one.");
        }
        if (parts is not [Version, var scope, var inner] || inner.Length == 0)
        {
            throw Invalid("This is not a continuation token this API issued; start the list again without one.");
        }
        if (scope != Scope(query))
        {
            throw Invalid("This token belongs to a different list; repeat the same filters, or start without a token.");
        }
        return inner;
    }

    private static string Scope(string query) => Fingerprint.Of(query)[..16];

    private static ValidationException Invalid(string message) => ValidationException.For("continuationToken", message);
}

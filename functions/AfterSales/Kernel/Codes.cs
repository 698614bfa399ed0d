namespace AfterSales.Kernel;

/// <summary>
/// Codes are how the API names enum values: camelCase names (<c>awaitingTriage</c>), never
/// numbers, read in any case.
/// </summary>
public static class Codes
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(code) && !char.IsDigit(code.Trim()[0]) && code.Trim()[0] != '-'
            && Enum.TryParse(code.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The value a query parameter names; null when absent, 400 naming the allowed codes when unknown.</summary>
    public static T? Parse<T>(string? code, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        return TryParse<T>(code, out var value)
            ? value
            : throw ValidationException.For(field, $"'{code}' is not a {field}; use one of {List<T>()}.");
    }

    /// <summary>Every code of <typeparamref name="T"/>, comma separated, for messages.</summary>
    public static string List<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));
}

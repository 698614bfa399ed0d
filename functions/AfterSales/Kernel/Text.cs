using System.Globalization;
using System.Text;

namespace AfterSales.Kernel;

/// <summary>
/// What every text the API stores must be: within its length, free of control characters (line
/// breaks only in free text), of bidirectional overrides and of broken UTF-16. Names and ids
/// (at most <see cref="Name"/> characters) are one line; free text (<see cref="Text"/>) may have line
/// breaks. Text is otherwise stored exactly as typed: what may later reach a spreadsheet or a web
/// page is neutralised where it is written out (<see cref="TextOutput"/>), not mangled on the way in.
/// </summary>
public static class TextLimits
{
    public const int Name = 200, Text = 4000;

    /// <summary>What to tell the sender of a text over its limit; null when it fits.</summary>
    public static string? TooLong(string field, string? text, int max) =>
        text is { Length: var n } && n > max ? $"{field} has at most {max} characters ({n} given); attach longer documents." : null;

    /// <summary>Length and characters; free text (longer than a name) may hold line breaks.</summary>
    public static void Check(ErrorList errors, string field, string? text, int max)
    {
        if ((TooLong(field, text, max) ?? Unprintable(field, text, multiline: max > Name)) is { } message)
        {
            errors.Add(field, message);
        }
    }

    /// <summary>A person's or company's name: one line, and something one can see (not only spaces or invisible marks).</summary>
    public static void CheckName(ErrorList errors, string field, string? text)
    {
        var before = errors.Count;
        Check(errors, field, text, Name);
        if (errors.Count == before && text is { Length: > 0 } && IsBlank(text))
        {
            errors.Add(field, $"{field} shows nothing: it is made only of spaces or invisible characters.");
        }
    }

    /// <summary>Nothing a reader would see: null, empty, spaces, or only invisible characters (zero-width spaces, joiners, marks).</summary>
    public static bool IsBlank(string? text) => text is null || text.EnumerateRunes().All(Invisible);

    /// <summary>Why the text holds characters no record should (control characters, bidi overrides, broken UTF-16); null when it holds none.</summary>
    public static string? Unprintable(string field, string? text, bool multiline)
    {
        if (text is null)
        {
            return null;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(ch))
            {
                return $"{field} holds a broken character (an unpaired UTF-16 surrogate).";
            }
            if (ch is '\n' or '\r')
            {
                if (!multiline)
                {
                    return $"{field} is one line: remove the line break.";
                }
                continue;
            }
            if (char.IsControl(ch))
            {
                return $"{field} holds a control character (U+{(int)ch:X4}); only line breaks are allowed, and only in free text.";
            }
            if (ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"{field} holds a bidirectional override (U+{(int)ch:X4}), which makes text display other than it reads.";
            }
        }
        return null;
    }

    private static bool Invisible(Rune r) =>
        Rune.IsWhiteSpace(r) || Rune.IsControl(r)
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        // Fillers that render as blanks although Unicode calls them letters or symbols.
        || r.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x180E
        || r.Value is >= 0xFE00 and <= 0xFE0F || r.Value is >= 0xE0100 and <= 0xE01EF;
}

/// <summary>
/// Stored text written out where it could be taken for something else: a spreadsheet cell that
/// starts like a formula, an HTML page or mail. Reports and notifications write text through these.
/// </summary>
public static class TextOutput
{
    /// <summary>
    /// One CSV cell: quoted when it holds a separator, quote or line break, and prefixed with an
    /// apostrophe when it starts like a formula (= + - @, tab, carriage return), so Excel shows it
    /// instead of running it (OWASP "CSV injection").
    /// </summary>
    public static string CsvCell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var cell = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠' ? "'" + text : text;
        return cell.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    /// <summary>Text for an HTML page or mail body, element content or quoted attribute.</summary>
    public static string Html(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");
}

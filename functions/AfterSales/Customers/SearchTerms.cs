using System.Text;

namespace AfterSales.Customers;

/// <summary>The access paths of the customer index; each is one partition of <c>CustomerIndex</c>.</summary>
public static class IndexField
{
    /// <summary>Every customer once, by name: the plain list.</summary>
    public const string All = "all";
    /// <summary>Every customer once, by grade then name.</summary>
    public const string Grade = "grade";
    /// <summary>The name and every word in it (in Chinese, every character starts a word).</summary>
    public const string Name = "name";
    /// <summary>The contact person and every word in the name.</summary>
    public const string Contact = "contact";
    /// <summary>Digits of the phone and the contact's phone.</summary>
    public const string Phone = "phone";
    /// <summary>The same digits reversed, so the last digits are a prefix.</summary>
    public const string PhoneTail = "phonetail";
}

/// <summary>
/// How names and numbers are written in the index and in queries, so that what a person types
/// finds what another person wrote: full-width and half-width alike (NFKC), case ignored,
/// spaces collapsed; phone numbers as their digits without +86, dashes or extension.
/// </summary>
public static class SearchTerms
{
    public const int MaxTermLength = 100;
    private const int MaxWordStarts = 40;

    /// <summary>Text as the index stores it. Characters a table key cannot hold become spaces.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var b = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            var space = char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '#' or '?' or '|';
            if (space)
            {
                if (b.Length > 0 && b[^1] != ' ')
                {
                    b.Append(' ');
                }
            }
            else
            {
                b.Append(c);
            }
        }
        var s = b.ToString().TrimEnd();
        return s.Length <= MaxTermLength ? s : s[..MaxTermLength].TrimEnd();
    }

    /// <summary>
    /// The digits of a phone number as dialled inside China: <c>+86 138-0000-0000</c> and
    /// <c>13800000000</c> give the same digits; an extension (转 801, ext. 801) is left out.
    /// </summary>
    public static string Digits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "";
        }
        var s = phone.Normalize(NormalizationForm.FormKC).Trim();
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsLetter(c) || c is '#' or ',' or ';')
            {
                break;
            }
            if (char.IsAsciiDigit(c))
            {
                b.Append(c);
            }
        }
        var digits = b.ToString();
        if (s.TrimStart('(').StartsWith("+86", StringComparison.Ordinal) && digits.StartsWith("86", StringComparison.Ordinal))
        {
            return digits[2..];
        }
        return digits.StartsWith("0086", StringComparison.Ordinal) ? digits[4..] : digits;
    }

    /// <summary>The name, then every word of it: "苏州精工机械" is found by 苏州, 精工 or 机械; "Acme Tools" by acme or tools.</summary>
    public static IReadOnlyList<string> NameTerms(string? name) => WordStarts(Normalize(name), cjkCharactersStartWords: true);

    /// <summary>The contact person, and each later word of a Latin name; a Chinese name by its beginning (the surname).</summary>
    public static IReadOnlyList<string> ContactTerms(string? contact) => WordStarts(Normalize(contact), cjkCharactersStartWords: false);

    public static IReadOnlyList<string> PhoneTerms(params string?[] phones) =>
        [.. phones.Select(Digits).Where(d => d.Length > 0).Distinct()];

    /// <summary>Phone digits reversed, so "the last four digits" is a prefix query.</summary>
    public static IReadOnlyList<string> PhoneTailTerms(params string?[] phones) =>
        [.. PhoneTerms(phones).Where(d => d.Length >= 4).Select(Reverse).Distinct()];

    public static string Reverse(string s)
    {
        var a = s.ToCharArray();
        Array.Reverse(a);
        return new string(a);
    }

    /// <summary>Every (field, term) the index holds for a card.</summary>
    public static IEnumerable<(string Field, string Term)> For(CustomerCard card)
    {
        var name = Normalize(card.Name);
        yield return (IndexField.All, name);
        yield return (IndexField.Grade, GradeTerm(card.Grade, name));
        foreach (var t in NameTerms(card.Name))
        {
            yield return (IndexField.Name, t);
        }
        foreach (var t in ContactTerms(card.ContactPerson))
        {
            yield return (IndexField.Contact, t);
        }
        foreach (var t in PhoneTerms(card.Phone, card.ContactPhone))
        {
            yield return (IndexField.Phone, t);
        }
        foreach (var t in PhoneTailTerms(card.Phone, card.ContactPhone))
        {
            yield return (IndexField.PhoneTail, t);
        }
    }

    public static string GradePrefix(CustomerGrade grade) => grade.ToString().ToLowerInvariant() + ":";

    public static string GradeTerm(CustomerGrade grade, string normalizedName) => GradePrefix(grade) + normalizedName;

    private static List<string> WordStarts(string s, bool cjkCharactersStartWords)
    {
        if (s.Length == 0)
        {
            return [];
        }
        var terms = new List<string> { s };
        for (var i = 1; i < s.Length && terms.Count < MaxWordStarts; i++)
        {
            var startsWord = s[i] != ' ' && (s[i - 1] == ' ' || (cjkCharactersStartWords && (IsCjk(s[i]) || IsCjk(s[i - 1]))));
            // One character alone finds too much to be worth a row.
            if (startsWord && s.Length - i >= 2)
            {
                terms.Add(s[i..]);
            }
        }
        return [.. terms.Distinct()];
    }

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';
}

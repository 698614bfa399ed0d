using System.Globalization;
using AfterSales.Customers;
using AfterSales.Kernel;

namespace AfterSales.Reports;

/// <summary>
/// The months a report covers, from <see cref="From"/> to <see cref="To"/> inclusive, each
/// <c>YYYYMM</c> (the month of a complaint's number). Months are the service's calendar months.
/// </summary>
public sealed record ReportPeriod(string From, string To)
{
    /// <summary>The longest period one report reads: two years of months.</summary>
    public const int MaxMonths = 24;

    public IEnumerable<string> Months()
    {
        for (var m = Parse(From); m <= Parse(To); m = m.AddMonths(1))
        {
            yield return Key(m);
        }
    }

    /// <summary>As people write it: <c>2026-11</c>, or <c>2026-07 – 2026-12</c>.</summary>
    public string Label => From == To ? Display(From) : $"{Display(From)} – {Display(To)}";

    /// <summary>The 12 months that end with this period's last month (the trend of the semi-annual report).</summary>
    public ReportPeriod TrailingYear() => new(Key(Parse(To).AddMonths(-11)), To);

    /// <summary>One month, written <c>2026-11</c>.</summary>
    public static ReportPeriod Month(string? month, string field = "month")
    {
        var m = ParseInput(month, field, "a month such as 2026-11");
        return new(Key(m), Key(m));
    }

    /// <summary>A half year, written <c>2026-H1</c> (January to June) or <c>2026-H2</c> (July to December).</summary>
    public static ReportPeriod Half(string? half, string field = "half")
    {
        if (half is not { Length: 7 } || half[4] != '-' || half[5] is not ('H' or 'h') || half[6] is not ('1' or '2')
            || !int.TryParse(half.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000 || year > 2999)
        {
            throw ValidationException.For(field, $"'{half}' is not a half year; write it as 2026-H1 or 2026-H2.");
        }
        var first = new DateOnly(year, half[6] == '1' ? 1 : 7, 1);
        return new(Key(first), Key(first.AddMonths(5)));
    }

    /// <summary>From one month to another (both written <c>2026-07</c>), at most <see cref="MaxMonths"/> months.</summary>
    public static ReportPeriod Range(string? from, string? to)
    {
        var (f, t) = (ParseInput(from, "from", "a month such as 2026-07"), ParseInput(to, "to", "a month such as 2026-12"));
        if (t < f)
        {
            throw ValidationException.For("to", $"'{to}' is before '{from}': the period ends after it starts.");
        }
        if ((t.Year - f.Year) * 12 + t.Month - f.Month + 1 > MaxMonths)
        {
            throw ValidationException.For("to", $"A report covers at most {MaxMonths} months.");
        }
        return new(Key(f), Key(t));
    }

    /// <summary>The first instant of a month (<c>YYYYMM</c>) in the service's time zone.</summary>
    public static DateTimeOffset StartOf(string month, TimeZoneInfo zone)
    {
        var first = Parse(month).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(first, zone.GetUtcOffset(first));
    }

    /// <summary>The first instant after a month (<c>YYYYMM</c>) in the service's time zone.</summary>
    public static DateTimeOffset EndOf(string month, TimeZoneInfo zone) => StartOf(Key(Parse(month).AddMonths(1)), zone);

    public static string Display(string month) => $"{month[..4]}-{month[4..]}";

    private static DateOnly ParseInput(string? text, string field, string example) =>
        text is { Length: 7 } && text[4] == '-'
        && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 2000
            ? d
            : throw ValidationException.For(field, $"'{text}' is not {example}.");

    private static DateOnly Parse(string month) => DateOnly.ParseExact(month + "01", "yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Key(DateOnly d) => d.ToString("yyyyMM", CultureInfo.InvariantCulture);
}

/// <summary>
/// What a report is narrowed to; every part is optional. The department is any department a
/// complaint's steps went to (the steps counted are then that department's); the product is the
/// complaint form's product (exact, case-insensitive); the grade is the customer card's grade now.
/// </summary>
public sealed record ReportFilter(Department? Department = null, string? Product = null, CustomerGrade? Grade = null)
{
    public bool IsEmpty => Department is null && Product is null && Grade is null;

    /// <summary>A stable key for the stored report of this filter (<c>all</c> when none; the product by a fingerprint, so any name fits a row key).</summary>
    public string Key => IsEmpty ? "all"
        : string.Join(";", new[] { Department?.Code() is { } d ? $"department={d}" : null, Product is { } p ? $"product={Fingerprint.Of(p.Trim().ToUpperInvariant())[..16]}" : null, Grade is { } g ? $"grade={Codes.Of(g)}" : null }.OfType<string>());

    public static ReportFilter Parse(string? department, string? product, string? grade)
    {
        var errors = new ErrorList();
        Department? d = null;
        CustomerGrade? g = null;
        if (!string.IsNullOrEmpty(department))
        {
            errors.AddIf(!Departments.TryParse(department, out var parsed), "department", $"'{department}' is not a department; use one of {Departments.All}.");
            d = parsed;
        }
        if (!string.IsNullOrEmpty(grade))
        {
            errors.AddIf(!Codes.TryParse<CustomerGrade>(grade, out var parsed), "grade", $"'{grade}' is not a customer grade; use one of {Codes.List<CustomerGrade>()}.");
            g = parsed;
        }
        if (!string.IsNullOrEmpty(product))
        {
            TextLimits.Check(errors, "product", product, TextLimits.Name);
        }
        errors.ThrowIfAny();
        return new(d, string.IsNullOrWhiteSpace(product) ? null : product.Trim(), g);
    }
}

using System.Globalization;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Kernel;

namespace AfterSales.PowerBi;

/// <summary>
/// The dimension rows: the code lists from the vocabulary (zh-CN and English, as the forms say
/// them), customers from their cards, products as the facts name them, and a calendar.
/// </summary>
public static class DimensionRows
{
    public const string All = "all";

    public static IEnumerable<(ExportTable Table, ExportRow Row)> Fixed()
    {
        foreach (var d in Enum.GetValues<Department>())
        {
            var name = d.Name();
            yield return (StarSchema.Departments, new(All, d.Code(), [d.Code(), name.Zh, name.En]));
        }
        foreach (var (table, list) in new[] { (StarSchema.Paths, "handlingPaths"), (StarSchema.States, "complaintStates"), (StarSchema.Channels, "channels") })
        {
            foreach (var term in ComplaintVocabulary.Lists.Single(l => l.Name == list).Terms)
            {
                yield return (table, new(All, term.Code, [term.Code, term.Zh, term.En]));
            }
        }
    }

    public static ExportRow Of(CustomerCard c, ExportCalendar cal)
    {
        var grade = c.Grade.Name();
        var province = Provinces.Find(c.Province);
        return new(All, c.Id,
        [
            c.Id, c.Name, Codes.Of(c.Grade), grade.Zh, grade.En, province?.Code, province?.Name, province?.English,
            c.EnterpriseType is { } t ? Codes.Of(t) : null, ExportCalendar.Time(c.RegisteredAt), cal.DateKey(c.RegisteredAt),
        ]);
    }

    /// <summary>The product rows the fact rows name (their <c>ProductKey</c>, <c>PartNumber</c> and <c>Product</c> columns).</summary>
    public static IEnumerable<ExportRow> Products(IEnumerable<(ExportTable Table, ExportRow Row)> facts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (table, row) in facts)
        {
            if (!table.Columns.Any(c => c.Name == "ProductKey") || row.Values[table.IndexOf("ProductKey")] is not string key || !seen.Add(key))
            {
                continue;
            }
            var part = row.Values[table.IndexOf("PartNumber")] as string;
            var name = table.Columns.Any(c => c.Name == "Product") ? row.Values[table.IndexOf("Product")] as string : null;
            yield return new(All, RowKeys.Safe(key), [key, part, name]);
        }
    }

    /// <summary>Every day of the months from <paramref name="firstMonth"/> to <paramref name="lastMonth"/> (yyyyMM), one partition per year.</summary>
    public static IEnumerable<ExportRow> Dates(string firstMonth, string lastMonth)
    {
        var day = DateTime.ParseExact(firstMonth, "yyyyMM", CultureInfo.InvariantCulture);
        var end = DateTime.ParseExact(lastMonth, "yyyyMM", CultureInfo.InvariantCulture).AddMonths(1);
        for (; day < end; day = day.AddDays(1))
        {
            var key = long.Parse(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            yield return new(day.Year.ToString(CultureInfo.InvariantCulture), key.ToString(CultureInfo.InvariantCulture),
            [
                key, DateTime.SpecifyKind(day, DateTimeKind.Utc), (long)day.Year, (long)((day.Month + 2) / 3), (long)day.Month,
                (long)(day.Year * 100 + day.Month), (long)day.Day, (long)(day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek),
                day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ]);
        }
    }
}

/// <summary>Row keys made of text people typed (a product's name) kept to what Table Storage allows.</summary>
public static class RowKeys
{
    public static string Safe(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text)
        {
            builder.Append(ch is '/' or '\\' or '#' or '?' or '%' || char.IsControl(ch) ? $"%{(int)ch:X2}" : ch);
        }
        return builder.ToString();
    }
}

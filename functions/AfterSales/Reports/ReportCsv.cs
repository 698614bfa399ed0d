using System.Text;
using AfterSales.Kernel;

namespace AfterSales.Reports;

/// <summary>
/// A report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF lines,
/// every cell through <see cref="TextOutput.CsvCell"/> (quoted as needed, a cell that starts like a
/// formula made inert). The title and facts first, then each section's title and its tables.
/// </summary>
public static class ReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(ReportDocument doc)
    {
        var csv = new StringBuilder();
        Line(csv, [Both(doc.Title), doc.Period]);
        foreach (var (label, value) in doc.Facts)
        {
            Line(csv, [Both(label), value]);
        }
        foreach (var section in doc.Sections)
        {
            csv.Append("\r\n");
            Line(csv, [Both(section.Title)]);
            foreach (var table in section.Tables)
            {
                Line(csv, table.Columns.Select(Both));
                foreach (var row in table.Rows)
                {
                    Line(csv, row);
                }
            }
            if (section.Note is { } note)
            {
                Line(csv, [note]);
            }
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Both(DisplayName name) => $"{name.Zh} / {name.En}";

    private static void Line(StringBuilder csv, IEnumerable<string> cells) =>
        csv.Append(string.Join(',', cells.Select(TextOutput.CsvCell))).Append("\r\n");
}

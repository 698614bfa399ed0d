using System.Text;
using AfterSales.Kernel;

namespace AfterSales.Reports;

/// <summary>
/// A report as one printable HTML page: its own styles (A4, no script, nothing fetched from
/// elsewhere), every text through <see cref="TextOutput.Html"/>, and each chart drawn on the server
/// as a PNG inlined as a <c>data:</c> image, so the page prints and files as it is.
/// </summary>
public static class ReportHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>What the page may load: its own inline styles and its inline images, nothing else.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public static string Write(ReportDocument doc)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(E($"{doc.Title.Zh} {doc.Period}")).Append("</title>\n")
            .Append("<style>").Append(Styles).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(doc.Title.Zh)).Append(" <span class=\"en\">").Append(E(doc.Title.En)).Append("</span></h1>\n")
            .Append("<p class=\"period\">").Append(E(doc.Period)).Append("</p>\n<dl>\n");
        foreach (var (label, value) in doc.Facts)
        {
            html.Append("<dt>").Append(Both(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        }
        html.Append("</dl>\n");
        foreach (var section in doc.Sections)
        {
            html.Append("<section>\n<h2>").Append(Both(section.Title)).Append("</h2>\n");
            foreach (var table in section.Tables)
            {
                html.Append("<table>\n<thead><tr>");
                foreach (var column in table.Columns)
                {
                    html.Append("<th>").Append(Both(column)).Append("</th>");
                }
                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                    {
                        html.Append("<td>").Append(E(cell)).Append("</td>");
                    }
                    html.Append("</tr>\n");
                }
                html.Append("</tbody>\n</table>\n");
            }
            foreach (var chart in section.AllCharts)
            {
                html.Append("<figure><img class=\"chart\" id=\"chart-").Append(E(chart.Key)).Append("\" alt=\"").Append(E(chart.Title))
                    .Append("\" width=\"").Append(ReportCharts.Width).Append("\" height=\"").Append(ReportCharts.Height)
                    .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(ReportCharts.Png(chart))).Append("\"></figure>\n");
            }
            if (section.Note is { } note)
            {
                html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
            }
            html.Append("</section>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }

    private static string E(string? text) => TextOutput.Html(text);

    private static string Both(DisplayName name) => $"{E(name.Zh)} <span class=\"en\">{E(name.En)}</span>";

    private const string Styles = """
        @page { size: A4; margin: 16mm; }
        body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #222; max-width: 60rem; margin: 1rem auto; }
        h1 { font-size: 1.5rem; margin-bottom: 0; } h2 { font-size: 1.15rem; border-bottom: 1px solid #999; margin-top: 1.5rem; }
        .en { color: #666; font-weight: normal; font-size: 0.85em; }
        .period { font-size: 1.1rem; margin-top: 0.2rem; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; } dd { margin: 0; }
        table { border-collapse: collapse; margin: 0.6rem 0; } th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: left; }
        th { background: #f0f0f0; } td { font-variant-numeric: tabular-nums; }
        figure { margin: 0.8rem 0; } img.chart { max-width: 100%; height: auto; }
        .note { color: #555; font-size: 0.9rem; }
        section { break-inside: avoid-page; }
        """;
}

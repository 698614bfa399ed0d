using AfterSales.Kernel;

namespace AfterSales.Reports;

/// <summary>
/// Any report as people read it, whatever it counts: a title, its period, a few facts about it
/// (filters, as of when), then sections of tables and charts. <see cref="ReportCsv"/> and
/// <see cref="ReportHtml"/> write any document; a new report only builds one (see <see cref="SupervisionDocuments"/>).
/// </summary>
public sealed record ReportDocument(DisplayName Title, string Period, IReadOnlyList<(DisplayName Label, string Value)> Facts, IReadOnlyList<ReportSection> Sections);

/// <summary>A part of a report: its tables, its charts, and a note under them.</summary>
public sealed record ReportSection(DisplayName Title, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportChart>? Charts = null, string? Note = null)
{
    public IReadOnlyList<ReportChart> AllCharts => Charts ?? [];
}

/// <summary>A table: column headings in both languages, rows of text (already formatted).</summary>
public sealed record ReportTable(IReadOnlyList<DisplayName> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>How a series is drawn: bars on the left axis, or a line (on the right axis, in percent, when <see cref="PercentLine"/>).</summary>
public enum SeriesStyle { Bars, Line, PercentLine }

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, SeriesStyle Style);

/// <summary>
/// A chart, drawn on the server as a PNG (<see cref="ReportCharts"/>). Its title, labels and series
/// names are what the image shows: Latin letters and digits, because a server may have no Chinese
/// font; the tables beside it carry the Chinese names.
/// </summary>
public sealed record ReportChart(string Key, string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, string? YLabel = null);

/// <summary>
/// A document as the console shows it (<c>format=document</c>): the same titles, facts, tables and
/// notes in both languages, for the screen to pick the reader's; the charts stay in the printable page.
/// </summary>
public sealed record ReportView(DisplayName Title, string Period, IReadOnlyList<ReportFactView> Facts, IReadOnlyList<ReportSectionView> Sections)
{
    public static ReportView Of(ReportDocument d) => new(d.Title, d.Period, [.. d.Facts.Select(f => new ReportFactView(f.Label, f.Value))],
        [.. d.Sections.Select(s => new ReportSectionView(s.Title, s.Tables, s.Note))]);
}

public sealed record ReportFactView(DisplayName Label, string Value);

public sealed record ReportSectionView(DisplayName Title, IReadOnlyList<ReportTable> Tables, string? Note);

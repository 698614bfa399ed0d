using ScottPlot;

namespace AfterSales.Reports;

/// <summary>
/// Draws a <see cref="ReportChart"/> as a PNG on the server with ScottPlot (SkiaSharp; the Linux
/// native library ships in the package, no browser or CDN): bars on the left axis, lines on it
/// too, percent lines on a right axis from 0 to 100.
/// </summary>
public static class ReportCharts
{
    public const int Width = 900, Height = 420;

    public static byte[] Png(ReportChart chart)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        var n = chart.Labels.Count;
        var bars = chart.Series.Where(s => s.Style == SeriesStyle.Bars).ToList();
        var width = 0.8 / Math.Max(1, bars.Count);
        foreach (var (series, i) in bars.Select((s, i) => (s, i)))
        {
            var drawn = plot.Add.Bars(Enumerable.Range(0, n).Select(x => new Bar
            {
                Position = x - 0.4 + width * (i + 0.5),
                Value = series.Values.ElementAtOrDefault(x) ?? 0,
                Size = width * 0.9,
                FillColor = Palette[i % Palette.Length],
            }).ToArray());
            drawn.LegendText = series.Name;
        }
        var percent = false;
        foreach (var (series, i) in chart.Series.Where(s => s.Style != SeriesStyle.Bars).Select((s, i) => (s, i)))
        {
            var points = Enumerable.Range(0, n).Where(x => series.Values.ElementAtOrDefault(x) is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            var line = plot.Add.Scatter(points.Select(x => (double)x).ToArray(), points.Select(x => series.Values[x]!.Value).ToArray());
            line.LegendText = series.Name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.Color = LineColours[i % LineColours.Length];
            if (series.Style == SeriesStyle.PercentLine)
            {
                line.Axes.YAxis = plot.Axes.Right;
                percent = true;
            }
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, n).Select(x => (double)x)], [.. chart.Labels]);
        plot.Axes.SetLimitsX(-0.6, Math.Max(n, 1) - 0.4);
        var top = chart.Series.Where(s => s.Style != SeriesStyle.PercentLine).SelectMany(s => s.Values).OfType<double>().DefaultIfEmpty(0).Max();
        // Head room above the tallest bar for the legend.
        plot.Axes.SetLimitsY(0, Math.Max(1, top * 1.35), plot.Axes.Left);
        if (chart.YLabel is { } y)
        {
            plot.Axes.Left.Label.Text = y;
        }
        if (percent)
        {
            plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
            plot.Axes.Right.Label.Text = "%";
        }
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.SeaGreen, Colors.Peru];
    private static readonly Color[] LineColours = [Colors.OrangeRed, Colors.DarkViolet, Colors.Teal];
}

using System.Globalization;
using System.Text;
using AfterSales.Kernel;
using Parquet.Schema;
using Parquet.Serialization;

namespace AfterSales.PowerBi;

/// <summary>
/// A table's rows as files: Parquet (what Power BI reads, typed) and CSV (what a spreadsheet
/// opens: UTF-8 with a BOM so Excel shows Chinese, text neutralised against formula injection).
/// The same rows in the same order give the same files.
/// </summary>
public static class ExportFiles
{
    public static async Task<byte[]> ParquetAsync(ExportTable table, IReadOnlyList<ExportRow> rows, CancellationToken ct)
    {
        var schema = SchemaOf(table);
        var data = rows.Select(r =>
        {
            IDictionary<string, object?> values = new Dictionary<string, object?>(table.Columns.Count);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                values[table.Columns[i].Name] = r.Values[i];
            }
            return values;
        }).ToList();
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(data, schema, stream, cancellationToken: ct);
        return stream.ToArray();
    }

    public static ParquetSchema SchemaOf(ExportTable table) => new(table.Columns.Select(c => (Field)new DataField(c.Name, ClrType(c.Type), true)));

    public static Type ClrType(ColumnType type) => type switch
    {
        ColumnType.Text => typeof(string),
        ColumnType.Whole => typeof(long),
        ColumnType.Decimal => typeof(decimal),
        ColumnType.Flag => typeof(bool),
        ColumnType.Time or ColumnType.Date => typeof(DateTime),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static byte[] Csv(ExportTable table, IReadOnlyList<ExportRow> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', table.Columns.Select(c => c.Name))).Append("\r\n");
        foreach (var row in rows)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                text.Append(Cell(table.Columns[i].Type, row.Values[i]));
            }
            text.Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Cell(ColumnType type, object? value) => value switch
    {
        null => "",
        string s => TextOutput.CsvCell(s),
        bool b => b ? "true" : "false",
        DateTime d when type == ColumnType.Date => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => TextOutput.CsvCell(value.ToString()),
    };
}

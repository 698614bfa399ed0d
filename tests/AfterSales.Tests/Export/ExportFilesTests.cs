using System.Text;
using AfterSales.PowerBi;
using Parquet.Serialization;

namespace AfterSales.Tests.Export;

/// <summary>The export's files on their own: Parquet read back by Parquet.Net gives the rows written, CSV opens safely in a spreadsheet.</summary>
public class ExportFilesTests
{
    private static readonly ExportRow[] Rows =
    [
        new("202702", "KS-202702-0001", Values("KS-202702-0001", "=HYPERLINK(\"x\")", 3L, 12.5m, true, new DateTime(2027, 2, 1, 1, 2, 3, 456, DateTimeKind.Utc))),
        new("202702", "KS-202702-0002", Values("KS-202702-0002", null, null, null, null, null)),
    ];

    private static readonly ExportTable Table = new("sample", "Sample", true,
        [new("Number", ColumnType.Text), new("Note", ColumnType.Text), new("Count", ColumnType.Whole), new("Hours", ColumnType.Decimal), new("Met", ColumnType.Flag), new("At", ColumnType.Time)]);

    [Fact]
    public async Task ParquetReadBackHoldsTheSameRowsNullsIncluded()
    {
        var bytes = await ExportFiles.ParquetAsync(Table, Rows, CancellationToken.None);
        var read = await ExportReader.ParquetRowsAsync(bytes);
        Assert.Equal(2, read.Count);
        for (var r = 0; r < Rows.Length; r++)
        {
            for (var c = 0; c < Table.Columns.Count; c++)
            {
                Assert.Equal(Rows[r].Values[c], ExportReader.Normal(read[r].GetValueOrDefault(Table.Columns[c].Name)));
            }
        }
    }

    [Fact]
    public async Task TheSameRowsGiveTheSameBytes()
    {
        Assert.Equal(await ExportFiles.ParquetAsync(Table, Rows, CancellationToken.None), await ExportFiles.ParquetAsync(Table, Rows, CancellationToken.None));
        Assert.Equal(ExportFiles.Csv(Table, Rows), ExportFiles.Csv(Table, Rows));
    }

    [Fact]
    public void CsvHasAHeaderABomForExcelAndNeutralisesFormulas()
    {
        var bytes = ExportFiles.Csv(Table, Rows);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Number,Note,Count,Hours,Met,At", lines[0]);
        Assert.Equal("KS-202702-0001,\"'=HYPERLINK(\"\"x\"\")\",3,12.5,true,2027-02-01T01:02:03.456Z", lines[1]);
        Assert.Equal("KS-202702-0002,,,,,", lines[2]);
    }

    private static object?[] Values(params object?[] values) => values;
}

using System.Text.RegularExpressions;
using AfterSales.PowerBi;

namespace AfterSales.Tests.Export;

/// <summary>
/// The Power Query (M) files in docs/powerbi/ against the export's schema: one per table, each
/// reading its own folder of Parquet files, with the table's columns in order and typed as the
/// export writes them. A small reader of the M we ship, not a full M parser.
/// </summary>
public partial class PowerQueryFilesTests
{
    private static readonly string Folder = Path.Combine(Infrastructure.AzuriteFixture.RepoRoot, "docs", "powerbi");

    public static TheoryData<string> Tables => [.. StarSchema.All.Select(t => t.Name)];

    [Fact]
    public void ThereIsOneQueryPerTableAndTheAccountParameter()
    {
        var files = Directory.GetFiles(Folder, "*.pq").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(StarSchema.All.Select(t => t.Name).Append("StorageAccountUrl").Order(StringComparer.Ordinal), files);
        Assert.Contains("IsParameterQuery = true", File.ReadAllText(Path.Combine(Folder, "StorageAccountUrl.pq")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void EachQueryReadsItsTablesParquetFilesWithItsColumnsAndTypes(string name)
    {
        var table = StarSchema.Find(name)!;
        var m = File.ReadAllText(Path.Combine(Folder, name + ".pq"));
        Assert.True(Balanced(m), $"{name}.pq: brackets do not close in order");
        Assert.Matches(@"^// " + name + @" \((fact|dimension)\):", m);
        Assert.Contains(table.IsFact ? "(fact)" : "(dimension)", m, StringComparison.Ordinal);
        Assert.Contains($"Text.StartsWith([Name], \"{PowerBiExport.Folder}/{name}/\")", m, StringComparison.Ordinal);
        Assert.Contains("AzureStorage.Blobs(StorageAccountUrl)", m, StringComparison.Ordinal);
        Assert.Contains("Source{[Name = \"exports\"]}", m, StringComparison.Ordinal);
        Assert.Contains("Parquet.Document", m, StringComparison.Ordinal);
        Assert.Matches(@"(?s)^(//[^\n]*\n)*let\n.*\nin\n    Typed\n$", m);

        var columns = ColumnPair().Matches(m).Select(x => (x.Groups["name"].Value, x.Groups["type"].Value)).ToList();
        Assert.Equal(table.Columns.Select(c => (c.Name, MType(c.Type))), columns);
    }

    private static string MType(ColumnType type) => type switch
    {
        ColumnType.Text => "type text",
        ColumnType.Whole => "Int64.Type",
        ColumnType.Decimal => "type number",
        ColumnType.Flag => "type logical",
        ColumnType.Time => "type datetime",
        ColumnType.Date => "type date",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Brackets, braces and parentheses close in order, outside strings and comments.</summary>
    private static bool Balanced(string m)
    {
        var open = new Stack<char>();
        var inString = false;
        foreach (var line in m.Split('\n'))
        {
            var code = inString ? line : line.Split("//")[0];
            foreach (var ch in code)
            {
                if (ch == '"')
                {
                    inString = !inString;
                }
                else if (!inString && ch is '(' or '[' or '{')
                {
                    open.Push(ch);
                }
                else if (!inString && ch is ')' or ']' or '}')
                {
                    if (open.Count == 0 || open.Pop() != ch switch { ')' => '(', ']' => '[', _ => '{' })
                    {
                        return false;
                    }
                }
            }
        }
        return open.Count == 0 && !inString;
    }

    [GeneratedRegex(@"\{""(?<name>\w+)"", (?<type>type \w+|Int64\.Type)\}")]
    private static partial Regex ColumnPair();
}

using System.Text;
using AfterSales.PowerBi;
using Azure.Storage.Blobs;
using Parquet.Serialization;

namespace AfterSales.Tests.Export;

/// <summary>Reads the export's files back as an analyst's tools would: Parquet through Parquet.Net, CSV as text.</summary>
public static class ExportReader
{
    public static async Task<List<Dictionary<string, object?>>> ParquetRowsAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var result = await ParquetSerializer.DeserializeUntypedAsync(stream);
        return [.. result.Data.Select(d => d.ToDictionary(kv => kv.Key, kv => (object?)kv.Value))];
    }

    public static async Task<List<Dictionary<string, object?>>> ParquetRowsAsync(BlobContainerClient exports, string path) =>
        await ParquetRowsAsync((await exports.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray());

    public static async Task<string[]> CsvLinesAsync(BlobContainerClient exports, string path)
    {
        var bytes = (await exports.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A value as the export wrote it (Parquet.Net may hand back text as memory, times without their kind).</summary>
    public static object? Normal(object? value) => value switch
    {
        ReadOnlyMemory<char> m => m.ToString(),
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        _ => value,
    };

    /// <summary>A file's rows as value lists in the table's column order (Parquet.Net leaves nulls out of a row).</summary>
    public static List<object?[]> InOrder(ExportTable table, IEnumerable<Dictionary<string, object?>> rows) =>
        [.. rows.Select(r => table.Columns.Select(c => Normal(r.GetValueOrDefault(c.Name))).ToArray())];
}

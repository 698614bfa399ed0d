using Azure.Data.Tables;

namespace AfterSales.Storage;

/// <summary>
/// A text longer than one Table Storage string property holds (32K UTF-16 characters), split
/// across <c>Name</c>, <c>Name1</c>, <c>Name2</c>, ... of the same entity, so that it still
/// commits in one write. An entity holds 1 MiB, which bounds it at <see cref="MaxLength"/>.
/// </summary>
public static class LongText
{
    public const int ChunkLength = 30_000;
    public const int MaxChunks = 15;
    public const int MaxLength = ChunkLength * MaxChunks;

    public static bool Fits(string text) => text.Length <= MaxLength;

    public static void Put(TableEntity entity, string name, string text)
    {
        if (!Fits(text))
        {
            throw new ArgumentOutOfRangeException(nameof(text), text.Length, $"{name} is longer than {MaxLength} characters.");
        }
        for (var i = 0; i == 0 || i * ChunkLength < text.Length; i++)
        {
            entity[i == 0 ? name : name + i] = text.Substring(i * ChunkLength, Math.Min(ChunkLength, text.Length - (i * ChunkLength)));
        }
    }

    public static string Get(TableEntity entity, string name)
    {
        var first = entity.GetString(name) ?? "";
        if (first.Length < ChunkLength)
        {
            return first;
        }
        var text = new System.Text.StringBuilder(first);
        for (var i = 1; entity.GetString(name + i) is { } more; i++)
        {
            text.Append(more);
        }
        return text.ToString();
    }
}

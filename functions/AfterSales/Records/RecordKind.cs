using Azure.Data.Tables;

namespace AfterSales.Records;

/// <summary>What the platform knows of every kind of record, whatever its type: its name and its table.</summary>
public interface IRecordKind
{
    /// <summary>The kind's code on the change feed and in the inbox (<c>complaint</c>, <c>customer</c>).</summary>
    string Name { get; }

    /// <summary>The table holding one partition per record.</summary>
    string Table { get; }

    /// <summary>How people call one record of this kind, for messages ("complaint", "customer card").</summary>
    string Label { get; }
}

/// <summary>
/// A kind of record kept by <see cref="RecordStore{T}"/>: its name, table, how to find a
/// record's id, and the columns worth filtering on beside the JSON snapshot.
/// </summary>
public sealed class RecordKind<T>(string name, string table, string label, Func<T, string> idOf) : IRecordKind where T : class
{
    public string Name { get; } = name;
    public string Table { get; } = table;
    public string Label { get; } = label;

    public string IdOf(T record) => idOf(record);

    /// <summary>Columns written on the record row besides its data (e.g. a state to filter on).</summary>
    public Action<TableEntity, T>? Columns { get; init; }

    /// <summary>What to tell someone whose change would make the record too large to store.</summary>
    public Func<T, string>? TooLarge { get; init; }
}

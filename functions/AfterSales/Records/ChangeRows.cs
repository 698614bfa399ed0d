using Azure.Data.Tables;

namespace AfterSales.Records;

/// <summary>
/// The rows beside a record that the feed reads in the same query as a change's events, when it
/// publishes the change: the record row, and the row the inbox projection keeps beside it. They are
/// offered to the subscribers the change is handed to in-process, so the read every subscriber
/// starts with costs nothing. The rule: each subscriber takes each row once, and its next read
/// (after a conflict, say) goes to storage. A row is never older than the change (it was read with
/// its events, after they committed); a later change may have moved the record on, as with any read,
/// and a write from it then fails on its ETag and is retried from a fresh read.
/// </summary>
public sealed class ChangeRows
{
    /// <summary>The row beside a record where the inbox projection notes the rows it wrote.</summary>
    public const string WorkItemsRow = "workitems";

    /// <summary>The row keys read with a change's events.</summary>
    public static readonly IReadOnlyList<string> Keys = [RecordStore<object>.RecordRow, WorkItemsRow];

    private static readonly AsyncLocal<ChangeRows?> Offered = new();

    private readonly string _table;
    private readonly string _id;
    private readonly IReadOnlyDictionary<string, TableEntity> _rows;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public ChangeRows(string table, string id, IReadOnlyDictionary<string, TableEntity> rows)
    {
        _table = table;
        _id = id;
        _rows = rows;
    }

    /// <summary>Offers the rows to what this flow runs next (the change's hand-over to its subscribers).</summary>
    public void Offer() => Offered.Value = this;

    /// <summary>For one subscriber's handling, in its own flow: the offered rows with none taken yet.</summary>
    public static void BeginSubscriber()
    {
        if (Offered.Value is { } rows)
        {
            Offered.Value = new ChangeRows(rows._table, rows._id, rows._rows);
        }
    }

    /// <summary>
    /// The offered row of this record (null when it was read and is not there), once; false when no
    /// such row is on offer here, or it was taken already.
    /// </summary>
    public static bool TryTake(string table, string id, string rowKey, out TableEntity? row)
    {
        row = null;
        if (Offered.Value is not { } rows || rows._id != id || rows._table != table || !Keys.Contains(rowKey) || !rows._taken.Add(rowKey))
        {
            return false;
        }
        row = rows._rows.GetValueOrDefault(rowKey);
        return true;
    }
}

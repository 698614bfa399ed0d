using AfterSales.Records;

namespace AfterSales.Customers;

/// <summary>How customer cards are kept: their record kind and tables.</summary>
public static class CustomerRecords
{
    public const string Kind = "customer";

    /// <summary>One partition per customer: the card, its history, its keys, its visits and its index rows' list.</summary>
    public const string Table = "Customers";

    /// <summary>Search paths to customers: one partition per field, rows keyed by normalised term.</summary>
    public const string IndexTable = "CustomerIndex";

    public static readonly RecordKind<CustomerCard> Definition = new(Kind, Table, "customer card", c => c.Id)
    {
        Columns = (row, c) =>
        {
            row["Name"] = c.Name;
            row["Grade"] = c.Grade.ToString();
            row["Province"] = c.Province;
        },
    };
}

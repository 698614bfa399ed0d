using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>How complaints are kept: their record kind, tables, and what their steps show in the inboxes.</summary>
public static class ComplaintRecords
{
    public const string Kind = "complaint";

    /// <summary>One partition per complaint: the complaint, its history, its keys, its inbox projection state.</summary>
    public const string Table = "Complaints";

    /// <summary>Per-month partitions: the serial counter, issued numbers and intake idempotency keys.</summary>
    public const string NumbersTable = "ComplaintNumbers";

    /// <summary>Per-month partitions, one row per complaint: the columns lists filter on.</summary>
    public const string IndexTable = "ComplaintIndex";

    /// <summary>One partition per customer (hashed), newest complaint first: where the duplicate check looks.</summary>
    public const string ByCustomerTable = "ComplaintsByCustomer";

    public static readonly RecordKind<Complaint> Definition = new(Kind, Table, "complaint", c => c.Number)
    {
        Columns = (row, c) =>
        {
            row["State"] = c.State.ToString();
            row["Month"] = ComplaintNumber.MonthOf(c.Number);
            row["CustomerId"] = c.Customer.CustomerId;
        },
        TooLarge = c => $"{c.Number} has grown too large to record more on it; continue in a linked follow-up complaint.",
    };

    public static readonly WorkItemAccess<Complaint> Steps = new(
        c => c.Steps,
        (c, steps) => c with { Steps = steps },
        c => new InboxSummary(c.Customer.Name, c.FirstContactOwner, Codes.Of(c.State), c.Path is { } p ? Codes.Of(p) : null));

    public static bool IsComplaint(this RecordEvent e) => e.RecordKind == Kind;
}

namespace AfterSales.Storage;

/// <summary>Every table, queue and blob container the app uses. Infra creates the same list.</summary>
public static class StorageNames
{
    public static class Tables
    {
        /// <summary>One partition per complaint: the complaint, its events and its outbox.</summary>
        public const string Complaints = "Complaints";
        /// <summary>Per-month partitions: the serial counter, issued numbers and idempotency keys.</summary>
        public const string ComplaintNumbers = "ComplaintNumbers";
        /// <summary>Per-department partitions of open steps, ordered by due time.</summary>
        public const string Inbox = "Inbox";
        /// <summary>Complaints whose outbox may still hold unsent messages.</summary>
        public const string OutboxPending = "OutboxPending";
        /// <summary>Per-month partitions, one row per complaint: the columns lists filter on.</summary>
        public const string ComplaintIndex = "ComplaintIndex";
        /// <summary>One partition per customer: the card, its events, its visits and its index rows' list.</summary>
        public const string Customers = "Customers";
        /// <summary>Search paths to customers: one partition per field, rows keyed by normalised term.</summary>
        public const string CustomerIndex = "CustomerIndex";

        /// <summary>Per-complaint partitions of single-use customer links already redeemed (nonce as row key).</summary>
        public const string CustomerLinkUses = "CustomerLinkUses";

        public static readonly IReadOnlyList<string> All = [Complaints, ComplaintNumbers, Inbox, OutboxPending, ComplaintIndex, Customers, CustomerIndex, CustomerLinkUses];
    }

    public static class Queues
    {
        /// <summary>New complaints waiting to be filed in a department inbox.</summary>
        public const string ComplaintRouting = "complaint-routing";
        /// <summary>Changed complaints whose inbox rows and list row must be brought up to date.</summary>
        public const string ComplaintChanges = "complaint-changes";

        public static readonly IReadOnlyList<string> All = [ComplaintRouting, ComplaintChanges];

        public static string Poison(string queue) => queue + "-poison";
    }

    public static class Containers
    {
        public const string Attachments = "attachments";
        public const string Exports = "exports";

        public static readonly IReadOnlyList<string> All = [Attachments, Exports];
    }
}

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
        /// <summary>Per-complaint partitions of single-use customer links already redeemed (nonce as row key).</summary>
        public const string CustomerLinkUses = "CustomerLinkUses";

        public static readonly IReadOnlyList<string> All = [Complaints, ComplaintNumbers, Inbox, OutboxPending, CustomerLinkUses];
    }

    public static class Queues
    {
        /// <summary>New complaints waiting to be filed in a department inbox.</summary>
        public const string ComplaintRouting = "complaint-routing";

        public static readonly IReadOnlyList<string> All = [ComplaintRouting];

        public static string Poison(string queue) => queue + "-poison";
    }

    public static class Containers
    {
        public const string Attachments = "attachments";
        public const string Exports = "exports";

        public static readonly IReadOnlyList<string> All = [Attachments, Exports];
    }
}

using AfterSales.Departments;
using AfterSales.Functions;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Complaints;

/// <summary>
/// Keeps the read models in step with a complaint: its department inbox rows and its row in the
/// <c>ComplaintIndex</c> list. Both carry the version they show and never go backwards, so
/// projecting again, late or out of order changes nothing.
/// </summary>
public sealed class ComplaintProjection(StorageAccount storage, Inbox inbox)
{
    private TableClient Index => storage.Table(StorageNames.Tables.ComplaintIndex);

    /// <summary>The safety net for a change: sent only when its writer could not project it itself.</summary>
    public static OutboxMessage Message(string number) =>
        new(Guid.NewGuid().ToString("N"), StorageNames.Queues.ComplaintChanges, Json.Serialize(new ProjectionMessage(number)), SafetyNet: true);

    /// <summary>Both read models at once: they live in different tables and do not depend on each other.</summary>
    public Task ProjectAsync(StoredComplaint stored, CancellationToken ct) =>
        Task.WhenAll(ProjectIndexAsync(stored, ct), inbox.ProjectAsync(stored.Complaint, stored.Version, ct));

    private async Task ProjectIndexAsync(StoredComplaint stored, CancellationToken ct)
    {
        var (partition, rowKey) = IndexKeys.Of(stored.Complaint.Number);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Index.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
            if (existing.HasValue && (existing.Value!.GetInt32("Version") ?? 0) >= stored.Version)
            {
                return;
            }
            var row = IndexRow(stored);
            try
            {
                if (existing.HasValue)
                {
                    await Index.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, ct);
                }
                else
                {
                    await Index.AddEntityAsync(row, ct);
                }
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
            }
        }
    }

    internal static TableEntity IndexRow(StoredComplaint stored)
    {
        var c = stored.Complaint;
        var open = c.OpenSteps.ToList();
        var (partition, rowKey) = IndexKeys.Of(c.Number);
        var row = new TableEntity(partition, rowKey)
        {
            ["Number"] = c.Number,
            ["Month"] = ComplaintNumber.MonthOf(c.Number),
            ["Version"] = stored.Version,
            ["State"] = ComplaintLifecycle.Code(c.State),
            ["Path"] = c.Path is { } p ? ComplaintLifecycle.Code(p) : null,
            ["Kind"] = ComplaintLifecycle.Code(c.Kind),
            ["Channel"] = ComplaintLifecycle.Code(c.Channel),
            ["CustomerId"] = c.Customer.CustomerId,
            ["CustomerKey"] = CustomerKey(c.Customer),
            ["CustomerName"] = c.Customer.Name,
            ["PartNumber"] = c.Details.PartNumber,
            ["OrderNumber"] = c.Details.OrderNumber,
            ["ReceivedAt"] = c.ReceivedAt,
            ["FirstContactOwnerId"] = c.FirstContactOwner.Id,
            ["FirstContactOwner"] = c.FirstContactOwner.Name,
            ["ClosedAt"] = c.ClosedAt,
            ["OpenSteps"] = open.Count,
        };
        if (open.Where(s => !s.IsPaused).Select(s => (DateTimeOffset?)s.DueAt).Min() is { } nextDue)
        {
            row["NextDueAt"] = nextDue;
        }
        foreach (var d in Enum.GetValues<Department>())
        {
            row["At" + d] = open.Any(s => s.Department == d);
        }
        return row;
    }

    /// <summary>Who the complaint is about, for spotting duplicates: the card id, else the name.</summary>
    public static string CustomerKey(CustomerFacts customer) =>
        customer.CustomerId is { Length: > 0 } id ? "id:" + id : "name:" + customer.Name.Trim().ToLowerInvariant();
}

public sealed record ProjectionMessage(string Number);

/// <summary>
/// Keys of <c>ComplaintIndex</c> rows, counting down so that a plain query reads the newest
/// complaint first: the partition is 999999 − YYYYMM, the row 999999 − the serial.
/// </summary>
public static class IndexKeys
{
    public static (string Partition, string Row) Of(string number) =>
        (Partition(ComplaintNumber.MonthOf(number)), (999_999 - ComplaintNumber.SerialOf(number)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    public static string Partition(string month) =>
        (999_999 - int.Parse(month, System.Globalization.CultureInfo.InvariantCulture)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Queue function: brings a changed complaint's inbox rows and list row up to date (idempotent).</summary>
public sealed class ProjectComplaint(ComplaintStore store, ComplaintProjection projection) : IQueueFunction
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var number = Json.Deserialize<ProjectionMessage>(message.Body).Number;
        var stored = await store.GetAsync(number, cancellationToken)
            ?? throw new InvalidOperationException($"Complaint {number} does not exist.");
        await projection.ProjectAsync(stored, cancellationToken);
    }
}

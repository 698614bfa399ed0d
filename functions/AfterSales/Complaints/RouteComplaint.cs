using AfterSales.ChangeFeed;
using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>
/// Change-feed subscriber on <see cref="ComplaintReceived"/>: notes that the intake is seen
/// through (its number is materialised) and files the complaint in marketing's inbox for triage.
/// Idempotent: a repeated event finds the complaint already routed.
/// </summary>
public sealed class RouteComplaint(ComplaintService complaints, ComplaintNumbering numbering) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        _ = await complaints.ExecuteAsSystemAsync(e.RecordId, new FileForTriage(), c => c.State == ComplaintState.Received, ct)
            ?? throw new InvalidOperationException($"Complaint {e.RecordId} does not exist.");
        await numbering.MarkMaterializedAsync(e.RecordId, ct);
    }
}

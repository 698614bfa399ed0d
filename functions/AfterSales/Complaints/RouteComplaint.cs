using AfterSales.Functions;
using AfterSales.Storage;

namespace AfterSales.Complaints;

/// <summary>
/// Queue function: files a newly taken complaint in marketing's inbox for triage. Idempotent:
/// a repeated message finds the complaint already routed and only re-syncs its projections.
/// </summary>
public sealed class RouteComplaint(ComplaintService complaints) : IQueueFunction
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var number = Json.Deserialize<RoutingMessage>(message.Body).Number;
        var routedNow = false;
        var stored = await complaints.ExecuteAsSystemAsync(number, new FileForTriage(), c => routedNow = c.State == ComplaintState.Received, cancellationToken)
            ?? throw new InvalidOperationException($"Complaint {number} does not exist (yet).");
        if (!routedNow)
        {
            // Already routed by an earlier delivery: make sure its inbox rows exist.
            await complaints.ProjectQuietlyAsync(stored, cancellationToken);
        }
    }
}

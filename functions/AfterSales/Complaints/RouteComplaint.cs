using AfterSales.Departments;
using AfterSales.Functions;
using AfterSales.Storage;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// Queue function: files a newly taken complaint in marketing's inbox for triage. Idempotent:
/// a repeated message finds the complaint already routed and only re-syncs the inbox.
/// </summary>
public sealed class RouteComplaint(ComplaintStore store, Inbox inbox, TimeProvider clock, IOptions<ServiceOptions> options) : IQueueFunction
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var routing = Json.Deserialize<RoutingMessage>(message.Body);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(routing.Number, cancellationToken)
                ?? throw new InvalidOperationException($"Complaint {routing.Number} does not exist (yet).");
            if (stored.Complaint.State != ComplaintState.Received)
            {
                await inbox.ProjectAsync(stored.Complaint, cancellationToken);
                return;
            }
            var (routed, routedEvent) = stored.Complaint.FileForTriage(clock.GetUtcNow(), options.Value.TriageLimit);
            try
            {
                var saved = await store.SaveAsync(stored, routed, [routedEvent], [], cancellationToken);
                await inbox.ProjectAsync(saved.Complaint, cancellationToken);
                return;
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }
}

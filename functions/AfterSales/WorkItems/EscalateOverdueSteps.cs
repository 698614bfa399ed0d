using AfterSales.Functions;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>
/// Timer function (逾期处理): finds overdue work items through the department inboxes (their keys
/// sort by due time) and escalates each once to the department's supervisor, then to management.
/// Each escalation is an event on its record; running again raises nothing new.
/// </summary>
public sealed class EscalateOverdueSteps(Inbox inbox, WorkItemHosts hosts, TimeProvider clock, ILogger<EscalateOverdueSteps> logger) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var records = new HashSet<(string Kind, string Id)>();
        foreach (var department in Enum.GetValues<Department>())
        {
            records.UnionWith(await inbox.OverdueAsync(department, now, cancellationToken));
        }
        foreach (var (kind, id) in records)
        {
            if (hosts.Find(kind) is { } host)
            {
                await host.EscalateAsync(id, now, cancellationToken);
            }
        }
        if (records.Count > 0)
        {
            logger.LogInformation("Checked {Count} records with overdue work items", records.Count);
        }
    }
}

using AfterSales.Departments;
using AfterSales.Functions;

namespace AfterSales.Complaints;

/// <summary>
/// Timer function (逾期处理): finds overdue steps through the department inboxes (their keys
/// sort by due time) and escalates each once to the department's supervisor, then to management.
/// Each escalation is an event on the complaint; running again raises nothing new.
/// </summary>
public sealed class EscalateOverdueSteps(Inbox inbox, ComplaintService complaints, ILogger<EscalateOverdueSteps> logger) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var now = complaints.Now;
        var numbers = new HashSet<string>();
        foreach (var department in Enum.GetValues<Department>())
        {
            numbers.UnionWith(await inbox.OverdueComplaintsAsync(department, now, cancellationToken));
        }
        foreach (var number in numbers)
        {
            await complaints.ExecuteAsSystemAsync(number, new EscalateOverdue(), _ => true, cancellationToken);
        }
        if (numbers.Count > 0)
        {
            logger.LogInformation("Checked {Count} complaints with overdue steps", numbers.Count);
        }
    }
}

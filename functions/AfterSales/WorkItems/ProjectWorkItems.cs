using AfterSales.ChangeFeed;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>
/// Change-feed subscriber: after any change to a record that carries work items, brings that
/// record's inbox rows up to date (from the record as it is now, so late or repeated events
/// change nothing).
/// </summary>
public sealed class ProjectWorkItems(WorkItemHosts hosts, Inbox inbox) : IFeedSubscriber
{
    public Task HandleAsync(RecordEvent e, CancellationToken ct) =>
        hosts.Find(e.RecordKind) is { } host ? inbox.ProjectAsync(host, e.RecordId, ct) : Task.CompletedTask;
}

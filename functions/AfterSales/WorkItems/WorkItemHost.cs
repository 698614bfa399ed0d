using AfterSales.Kernel;
using AfterSales.Records;
using Azure.Data.Tables;

namespace AfterSales.WorkItems;

/// <summary>What a department's inbox shows of the record a work item belongs to.</summary>
public sealed record InboxSummary(string Subject, Staff? Owner, string State, string? Path = null);

/// <summary>A record's open work items as of one version, with its inbox summary.</summary>
public sealed record WorkItemsSnapshot(string Kind, string Id, int Version, IReadOnlyList<WorkItem> Open, InboxSummary Summary);

/// <summary>
/// A kind of record that carries work items: the inbox projects its open items, the escalation
/// timer escalates its overdue ones. Register one with <see cref="WorkItemServices.AddWorkItemHost{T}"/>.
/// </summary>
public interface IWorkItemHost
{
    string Kind { get; }

    /// <summary>The table of the kind's records, where the inbox keeps its projection state beside each record.</summary>
    TableClient Table { get; }

    /// <summary>The record's open items now, and the row the inbox projection keeps beside it (one query).</summary>
    Task<(WorkItemsSnapshot? Snapshot, TableEntity? State)> ReadAsync(string id, CancellationToken ct);

    /// <summary>Escalates the record's overdue items (each level once), as the system.</summary>
    Task EscalateAsync(string id, DateTimeOffset now, CancellationToken ct);
}

/// <summary>A record type's work items, told by how to read and replace them and what the inbox shows.</summary>
public sealed record WorkItemAccess<T>(
    Func<T, IReadOnlyList<WorkItem>> Items,
    Func<T, IReadOnlyList<WorkItem>, T> WithItems,
    Func<T, InboxSummary> Summary) where T : class;

public sealed class WorkItemHost<T>(RecordStore<T> store, WorkItemAccess<T> access, TimeSpan escalateToManagementAfter) : IWorkItemHost where T : class
{
    private const string StateRow = WorkItemHosts.StateRow;

    public string Kind => store.Kind.Name;

    public TableClient Table => store.Table;

    public async Task<(WorkItemsSnapshot? Snapshot, TableEntity? State)> ReadAsync(string id, CancellationToken ct)
    {
        Stored<T>? stored = null;
        TableEntity? state = null;
        if (ChangeRows.TryTake(store.Table.Name, id, RecordStore<T>.RecordRow, out var offered) & ChangeRows.TryTake(store.Table.Name, id, StateRow, out state))
        {
            stored = offered is null ? null : RecordStore<T>.Read(offered);
        }
        else
        {
            state = null;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and (RowKey eq {RecordStore<T>.RecordRow} or RowKey eq {StateRow})");
            await foreach (var row in store.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                if (row.RowKey == StateRow)
                {
                    state = row;
                }
                else
                {
                    stored = RecordStore<T>.Read(row);
                }
            }
        }
        var snapshot = stored is null ? null
            : new WorkItemsSnapshot(Kind, id, stored.Version, [.. access.Items(stored.Record).Where(s => s.IsOpen)], access.Summary(stored.Record));
        return (snapshot, state);
    }

    public Task EscalateAsync(string id, DateTimeOffset now, CancellationToken ct) =>
        store.ExecuteAsSystemAsync(id, record =>
        {
            var (items, events) = WorkItemRules.Escalate(access.Items(record), now, escalateToManagementAfter);
            return new Change<T>(access.WithItems(record, items), events);
        }, ct);
}

/// <summary>Every kind of record that carries work items, by kind.</summary>
public sealed class WorkItemHosts(IEnumerable<IWorkItemHost> hosts)
{
    /// <summary>The row beside each record where the inbox projection notes the rows it wrote.</summary>
    public const string StateRow = ChangeRows.WorkItemsRow;

    private readonly Dictionary<string, IWorkItemHost> _byKind = hosts.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public IWorkItemHost? Find(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>Whether the event's record carries work items.</summary>
    public bool Carries(RecordEvent e) => _byKind.ContainsKey(e.RecordKind);
}

public static class WorkItemServices
{
    /// <summary>Makes a kind of record's work items show in the inboxes and escalate when late.</summary>
    public static IServiceCollection AddWorkItemHost<T>(this IServiceCollection services, WorkItemAccess<T> access, Func<IServiceProvider, TimeSpan> escalateToManagementAfter) where T : class =>
        services.AddSingleton<IWorkItemHost>(sp => new WorkItemHost<T>(sp.GetRequiredService<RecordStore<T>>(), access, escalateToManagementAfter(sp)));
}

using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.Records;
using Azure.Data.Tables;

namespace AfterSales.Attachments;

/// <summary>
/// A kind of record files can be attached to, as the attachments see it: who may read one (the
/// only rule for listing, downloading and attaching), and how an attachment's row (and its removal's
/// event) are written beside it. A module registers its kinds with
/// <see cref="AttachmentServices.AddAttachments{T}"/>; nothing here names a feature.
/// </summary>
public interface IAttachmentOwner
{
    /// <summary>The record kind's name, as it appears in the URL (<c>complaint</c>, <c>returnOrder</c>, ...).</summary>
    string Kind { get; }

    /// <summary>The table holding the record's partition, where its attachments' rows live.</summary>
    TableClient Table { get; }

    /// <summary>Reads the record for the user: 400 for a malformed id, 404 when there is none, 403 when they may not see it.</summary>
    Task DemandReadAsync(string id, ClaimsPrincipal user, CancellationToken ct);

    /// <summary>
    /// Commits <paramref name="row"/> beside the record with <paramref name="e"/> on its history (one
    /// batch), retrying when the record changed meanwhile. <paramref name="stillApplies"/> is asked
    /// before each attempt; false ends it without writing. True when written.
    /// </summary>
    Task<bool> AppendAsync(string id, DomainEvent e, TableEntity row, IdempotencyKey? key, Func<CancellationToken, Task<bool>> stillApplies, CancellationToken ct);

    /// <summary>
    /// Adds <paramref name="row"/> beside the record without changing it (its version stays, so
    /// nobody's If-Match goes stale), with the request's key; false when that key was used already.
    /// </summary>
    Task<bool> AddAsync(string id, TableEntity row, IdempotencyKey? key, CancellationToken ct);

    /// <summary>What the first request with this key did to the record, if one did.</summary>
    Task<KeyUse?> FindKeyAsync(string id, IdempotencyKey key, CancellationToken ct);
}

/// <summary>A record kind on the record store as an attachment owner.</summary>
public sealed class AttachmentOwner<T>(RecordStore<T> store, Action<ClaimsPrincipal, T> demandRead, Action<string>? demandId) : IAttachmentOwner where T : class
{
    public string Kind => store.Kind.Name;

    public TableClient Table => store.Table;

    public async Task DemandReadAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        demandId?.Invoke(id);
        var stored = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
        demandRead(user, stored.Record);
    }

    public async Task<bool> AppendAsync(string id, DomainEvent e, TableEntity row, IdempotencyKey? key, Func<CancellationToken, Task<bool>> stillApplies, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
            if (!await stillApplies(ct))
            {
                return false;
            }
            try
            {
                await store.SaveAsync(stored, new Change<T>(stored.Record, [e]), key, ct, [row]);
                return true;
            }
            catch (StaleException) when (attempt < 5)
            {
                // Someone changed the record (or the same request landed): look again.
            }
        }
    }

    public Task<bool> AddAsync(string id, TableEntity row, IdempotencyKey? key, CancellationToken ct) => store.AddRowsAsync(id, [row], key, row.RowKey, ct);

    public Task<KeyUse?> FindKeyAsync(string id, IdempotencyKey key, CancellationToken ct) => store.FindKeyAsync(id, key, ct);
}

/// <summary>Every kind of record that takes attachments, by name.</summary>
public sealed class AttachmentOwners(IEnumerable<IAttachmentOwner> owners)
{
    private readonly Dictionary<string, IAttachmentOwner> _byKind = owners.ToDictionary(o => o.Kind, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    /// <summary>The owner kind named in the URL; 404 for a kind that takes no attachments.</summary>
    public IAttachmentOwner Get(string kind) => _byKind.TryGetValue(kind, out var owner)
        ? owner
        : throw new NotFoundException($"No '{kind}' records take attachments; these do: {string.Join(", ", _byKind.Keys.Order(StringComparer.Ordinal))}.");
}

public static class AttachmentServices
{
    /// <summary>
    /// Lets files be attached to records of this kind. <paramref name="demandRead"/> throws
    /// <see cref="AccessDeniedException"/> for a user who may not read the record: it decides who
    /// lists, downloads and attaches its files. <paramref name="demandId"/> refuses (400) a malformed id.
    /// </summary>
    public static IServiceCollection AddAttachments<T>(this IServiceCollection services, Action<ClaimsPrincipal, T> demandRead, Action<string>? demandId = null)
        where T : class =>
        services.AddSingleton<IAttachmentOwner>(sp => new AttachmentOwner<T>(sp.GetRequiredService<RecordStore<T>>(), demandRead, demandId));
}

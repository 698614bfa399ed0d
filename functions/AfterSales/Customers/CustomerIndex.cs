using AfterSales.Records;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Customers;

/// <summary>One index row: a customer found under a term of one field.</summary>
public sealed record IndexHit(string Field, string Term, string CustomerId, ETag ETag);

/// <summary>
/// The <c>CustomerIndex</c> table, the search paths Table Storage lacks: one partition per
/// <see cref="IndexField"/>, one row per term, keyed <c>{term}|{customerId}</c>, so a prefix is a
/// range query. Rows are a projection of the card: the rows a change needs are written before
/// the change is saved (<see cref="PrepareAsync"/>) and the rest removed after it
/// (<see cref="SyncAsync"/>); the customer's <c>index</c> row lists the rows written (widened
/// before writing, so none is orphaned) and the card version they reflect. Search reads the
/// cards themselves and ignores (and removes) rows the card no longer backs, so a row left
/// behind by a crash never shows.
/// </summary>
public sealed class CustomerIndex(StorageAccount storage)
{
    internal const string StateRow = "index";

    private TableClient Table => storage.Table(CustomerRecords.IndexTable);
    private TableClient Customers => storage.Table(CustomerRecords.Table);

    public static string RowKey(string term, string customerId) => $"{term}|{customerId}";

    /// <summary>
    /// Writes the rows a card needs before the card is saved, so a writer that stops right after
    /// saving never leaves the card unfindable. Rows for a change that is then not saved are
    /// removed by the next <see cref="SyncAsync"/> and never listed meanwhile.
    /// </summary>
    public async Task PrepareAsync(CustomerCard card, CancellationToken ct)
    {
        List<(string Field, string Term)> terms = [.. SearchTerms.For(card).Distinct()];
        var keys = terms.Select(t => Key(t.Field, RowKey(t.Term, card.Id))).ToHashSet();
        for (var attempt = 0; ; attempt++)
        {
            var state = await Customers.GetEntityIfExistsAsync<TableEntity>(card.Id, StateRow, cancellationToken: ct);
            var current = state.HasValue ? Keys(state.Value!.GetString("Keys")) : [];
            try
            {
                if (!keys.IsSubsetOf(current))
                {
                    await SaveStateAsync(card.Id, state.HasValue ? state.Value!.ETag : null, current.Union(keys),
                        state.HasValue ? state.Value!.GetInt32("Version") ?? 0 : 0, ct);
                }
                await WriteRowsAsync(card.Id, terms, ct);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
            }
        }
    }

    /// <summary>Makes the index rows match the customer's current card. Safe to repeat and to run concurrently.</summary>
    public async Task SyncAsync(string customerId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and (RowKey eq {RecordStore<CustomerCard>.RecordRow} or RowKey eq {StateRow})");
            TableEntity? cardRow = null, state = null;
            await foreach (var row in Customers.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                if (row.RowKey == StateRow)
                {
                    state = row;
                }
                else
                {
                    cardRow = row;
                }
            }
            var card = cardRow is null ? null : RecordStore<CustomerCard>.Read(cardRow);
            var version = card?.Version ?? 0;
            var current = Keys(state?.GetString("Keys"));
            List<(string Field, string Term)> terms = card is null ? [] : [.. SearchTerms.For(card.Record).Distinct()];
            var wanted = terms.Select(t => Key(t.Field, RowKey(t.Term, customerId))).ToHashSet();
            if (state is not null && state.GetInt32("Version") == version && current.SetEquals(wanted))
            {
                return;
            }
            try
            {
                var intent = await SaveStateAsync(customerId, state?.ETag, current.Union(wanted), state?.GetInt32("Version") ?? 0, ct);
                await WriteRowsAsync(customerId, terms, ct);
                await Task.WhenAll(current.Except(wanted).Select(k => DeleteAsync(k, ETag.All, ct)));
                await SaveStateAsync(customerId, intent, wanted, version, ct);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another sync of the same customer ran meanwhile: start again from what it left.
            }
        }
    }

    /// <summary>One page of rows of <paramref name="field"/> whose term starts with <paramref name="prefix"/>, in term order.</summary>
    public async Task<(IReadOnlyList<IndexHit> Hits, string? ContinuationToken)> PageAsync(
        string field, string prefix, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = prefix.Length == 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {field}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {field} and RowKey ge {prefix} and RowKey lt {Successor(prefix)}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: ct).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(e => new IndexHit(field, e.GetString("Term"), e.GetString("CustomerId"), e.ETag))], page.ContinuationToken);
        }
        return ([], null);
    }

    private Task WriteRowsAsync(string customerId, IEnumerable<(string Field, string Term)> terms, CancellationToken ct) =>
        Task.WhenAll(terms.Select(t => Table.UpsertEntityAsync(new TableEntity(t.Field, RowKey(t.Term, customerId))
        {
            ["CustomerId"] = customerId,
            ["Term"] = t.Term,
        }, TableUpdateMode.Replace, ct)));

    /// <summary>Removes a row its card no longer backs, unless it was rewritten since it was read.</summary>
    public Task RemoveStaleAsync(IndexHit hit, CancellationToken ct) =>
        DeleteAsync(Key(hit.Field, RowKey(hit.Term, hit.CustomerId)), hit.ETag, ct);

    private async Task DeleteAsync(string key, ETag etag, CancellationToken ct)
    {
        var parts = key.Split('/', 2);
        try
        {
            await Table.DeleteEntityAsync(parts[0], parts[1], etag, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    private async Task<ETag> SaveStateAsync(string customerId, ETag? etag, IEnumerable<string> keys, int version, CancellationToken ct)
    {
        var entity = new TableEntity(customerId, StateRow)
        {
            ["Keys"] = string.Join('\n', keys.Order(StringComparer.Ordinal)),
            ["Version"] = version,
        };
        var response = etag is { } e
            ? await Customers.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, ct)
            : await Customers.AddEntityAsync(entity, ct);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>.</summary>
    private static string Successor(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static string Key(string field, string rowKey) => $"{field}/{rowKey}";

    private static HashSet<string> Keys(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
}

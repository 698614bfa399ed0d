using AfterSales.Kernel;
using Azure.Data.Tables;

namespace AfterSales.Storage;

/// <summary>
/// One page of a table query as the API answers it: the client's continuation token is unwrapped
/// for this list only (the scope names the list and its filters) and the next one
/// wrapped the same way, so a token altered or carried to another list is a 400, never a wrong page.
/// </summary>
public static class TablePages
{
    public static async Task<Page<T>> PageAsync<T>(this TableClient table, string? filter, int pageSize, string? continuationToken, string scope,
        Func<TableEntity, T> map, CancellationToken ct)
    {
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: ct).AsPages(PageTokens.Unwrap(continuationToken, scope), pageSize);
        await foreach (var page in pages)
        {
            return new([.. page.Values.Select(map)], PageTokens.Wrap(page.ContinuationToken, scope));
        }
        return new([], null);
    }
}

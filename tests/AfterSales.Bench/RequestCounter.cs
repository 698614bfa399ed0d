using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AfterSales.Bench;

/// <summary>
/// Counts every request the app's storage clients send, by operation type (what Azure bills per
/// transaction: a batch or a query page is one) and by whether it was sent on an HTTP request's
/// own path (<see cref="OnRequestPath"/> flows with the request, the test server preserving the
/// execution context) or after the answer (the runner: the feed, subscribers, projections).
/// </summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private static readonly AsyncLocal<bool> RequestPath = new();
    private static readonly AsyncLocal<bool> Ignored = new();
    private readonly ConcurrentDictionary<(bool OnPath, string Operation), int> _counts = new();

    /// <summary>Marks the code that follows (in this async flow) as an HTTP request's own path.</summary>
    public static void OnRequestPath() => RequestPath.Value = true;

    public static void OffRequestPath() => RequestPath.Value = false;

    /// <summary>The bench's own reads between actions (what it looks at, not what the app does): not counted at all.</summary>
    public static async Task<T> UncountedAsync<T>(Func<Task<T>> read)
    {
        Ignored.Value = true;
        try
        {
            return await read();
        }
        finally
        {
            Ignored.Value = false;
        }
    }

    public int Count => _counts.Values.Sum();

    public int CountOnPath => _counts.Where(c => c.Key.OnPath).Sum(c => c.Value);

    public void Reset() => _counts.Clear();

    public IReadOnlyDictionary<(bool OnPath, string Operation), int> Snapshot() => new Dictionary<(bool, string), int>(_counts);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (!Ignored.Value)
        {
            _counts.AddOrUpdate((RequestPath.Value, Operation(message.Request)), 1, (_, n) => n + 1);
        }
    }

    /// <summary>"table batch Complaints", "queue send change-feed", ...: the service, the operation, the table or queue (without the bench prefix).</summary>
    internal static string Operation(Request request)
    {
        var path = Uri.UnescapeDataString(request.Uri.Path).Trim('/');
        var parts = path.Split('/', 3);
        var resource = parts.Length > 1 ? parts[1] : "";
        var method = request.Method.Method;
        if (resource.Equals("$batch", StringComparison.Ordinal))
        {
            return "table batch";
        }
        if (path.Contains("/messages", StringComparison.Ordinal))
        {
            var queue = Strip(resource);
            return method switch
            {
                "POST" => "queue send " + queue,
                "GET" => "queue receive " + queue,
                "DELETE" => "queue delete " + queue,
                "PUT" => "queue update " + queue,
                _ => $"queue {method} {queue}",
            };
        }
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        var table = Strip(paren < 0 ? resource : resource[..paren]);
        if (table.Length > 0 && (paren >= 0 || request.Uri.Query.Contains("$filter", StringComparison.Ordinal) || method == "POST"))
        {
            var point = paren >= 0 && resource.Contains("RowKey", StringComparison.Ordinal);
            return method switch
            {
                "GET" when point => "table read " + table,
                "GET" => "table query " + table,
                "POST" => "table insert " + table,
                "PUT" => "table upsert/replace " + table,
                "MERGE" or "PATCH" => "table merge " + table,
                "DELETE" => "table delete " + table,
                _ => $"table {method} {table}",
            };
        }
        return method switch
        {
            "PUT" => "blob write",
            "GET" or "HEAD" => "blob read",
            _ => $"other {method}",
        };
    }

    private static string Strip(string name) =>
        name.StartsWith("bench-", StringComparison.Ordinal) ? name[6..] : name.StartsWith("bench", StringComparison.Ordinal) ? name[5..] : name;
}

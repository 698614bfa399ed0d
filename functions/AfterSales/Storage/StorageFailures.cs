using Azure;

namespace AfterSales.Storage;

/// <summary>Tells a storage outage (retry later) from an answer that means something (404, 409, 412).</summary>
public static class StorageFailures
{
    /// <summary>
    /// True when storage could not be reached or was too busy: no answer, a timeout, 408, 429 or
    /// 5xx. The SDK's exhausted retries arrive as an <see cref="AggregateException"/> of these.
    /// </summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutException or IOException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsUnavailable),
        OperationCanceledException { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };
}

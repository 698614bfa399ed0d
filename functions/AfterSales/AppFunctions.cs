using AfterSales.Complaints;
using AfterSales.Functions;
using AfterSales.Storage;

namespace AfterSales;

/// <summary>
/// The app's Azure Functions: the one list that <c>function.json</c> files, envelope endpoints
/// and the local runner are made from.
/// </summary>
public static class AppFunctions
{
    /// <summary>Methods the catch-all HTTP function accepts.</summary>
    public static readonly IReadOnlyList<string> AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static readonly IReadOnlyList<FunctionDefinition> All =
    [
        // Every /api route goes to ASP.NET Core's own routing, proxied by the host.
        new("Api", new HttpTrigger("{*path}", AllMethods)),
        new("RouteComplaint", new QueueTrigger(StorageNames.Queues.ComplaintRouting), typeof(RouteComplaint)),
        new("ProjectComplaint", new QueueTrigger(StorageNames.Queues.ComplaintChanges), typeof(ProjectComplaint)),
        new("PublishOutbox", new TimerTrigger("*/30 * * * * *"), typeof(PublishOutbox)),
        new("EscalateOverdueSteps", new TimerTrigger("0 */5 * * * *"), typeof(EscalateOverdueSteps)),
        new("CompleteIntakes", new TimerTrigger("15 * * * * *"), typeof(CompleteIntakes)),
    ];
}

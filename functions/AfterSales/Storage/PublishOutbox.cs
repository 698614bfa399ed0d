using AfterSales.Functions;

namespace AfterSales.Storage;

/// <summary>Timer function: sends outbox messages whose writer stopped before sending them.</summary>
public sealed class PublishOutbox(Outbox outbox, ILogger<PublishOutbox> logger) : ITimerFunction
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var published = await outbox.PublishStaleAsync(Grace, cancellationToken);
        if (published > 0)
        {
            logger.LogInformation("Published {Count} stale outboxes", published);
        }
    }
}

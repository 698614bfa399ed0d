using AfterSales.Functions;

namespace AfterSales.Revisits;

/// <summary>
/// Timer function, daily: opens the revisits the delivered products' schedules make due today
/// (and any missed since the last run). Each revisit's id derives from its schedule and date, so
/// a repeated or overlapping run opens nothing twice.
/// </summary>
public sealed class OpenScheduledRevisits(Revisits revisits, ILogger<OpenScheduledRevisits> logger) : ITimerFunction
{
    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var opened = 0;
        await foreach (var product in revisits.AllProductsAsync(cancellationToken))
        {
            opened += await revisits.OpenDueAsync(product, cancellationToken);
        }
        if (opened > 0)
        {
            logger.LogInformation("Opened {Count} scheduled revisits", opened);
        }
    }
}

using AfterSales.Functions;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// Timer function: creates the complaint for any number that was issued but whose intake
/// stopped before the complaint was written, so the month's numbers have no gaps.
/// </summary>
public sealed class CompleteIntakes(ComplaintNumbering numbering, ComplaintIntake intake, TimeProvider clock, IOptions<ServiceOptions> options, ILogger<CompleteIntakes> logger) : ITimerFunction
{
    /// <summary>Intakes younger than this may still be finishing on their own.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone());
        foreach (var month in new[] { ComplaintNumber.Month(local), ComplaintNumber.Month(local.AddMonths(-1)) })
        {
            foreach (var issued in await numbering.FindUnmaterializedAsync(month, now - Grace, cancellationToken))
            {
                await intake.MaterializeAsync(issued, cancellationToken);
                logger.LogWarning("Completed the interrupted intake of {Number}", issued.Number);
            }
        }
    }
}

using AfterSales.Functions;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// Timer function, the intake's safety net: for any number issued more than <see cref="Grace"/>
/// ago whose intake was not seen through (<see cref="RouteComplaint"/> marks it), creates the
/// complaint if the intake stopped before writing it, and tells the change feed of it again if
/// the feed never heard. So the month's numbers have no gaps and no complaint waits unrouted.
/// </summary>
public sealed class CompleteIntakes(
    ComplaintNumbering numbering, ComplaintIntake intake, RecordStore<Complaint> store, TimeProvider clock, IOptions<ServiceOptions> options,
    ILogger<CompleteIntakes> logger) : ITimerFunction
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
                var (stored, created) = await intake.MaterializeAsync(issued, cancellationToken);
                if (!created)
                {
                    await store.AnnounceAgainAsync(stored.Record.Number, 1, stored.Version, cancellationToken);
                }
                logger.LogWarning("Completed the interrupted intake of {Number}", issued.Number);
            }
        }
    }
}

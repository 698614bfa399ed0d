using AfterSales.Functions;
using AfterSales.Kernel;

namespace AfterSales.PowerBi;

/// <summary>
/// Timer function: the nightly Power BI export, after the day's work (02:30 Beijing time). A run
/// that finds another finished first leaves it be: the files hold the same rows either way.
/// </summary>
public sealed class ExportPowerBi(PowerBiExport export, TimeProvider clock, ILogger<ExportPowerBi> logger) : ITimerFunction
{
    /// <summary>18:30 UTC every day (timers run in UTC).</summary>
    public const string Schedule = "0 30 18 * * *";

    public async Task RunAsync(TimerContext timer, CancellationToken cancellationToken)
    {
        try
        {
            await export.RunAsync(ExportRuns.NewId(clock.GetUtcNow()), "nightly", cancellationToken);
        }
        catch (ConflictException ex)
        {
            logger.LogInformation("Nightly Power BI export skipped: {Reason}", ex.Message);
        }
    }
}

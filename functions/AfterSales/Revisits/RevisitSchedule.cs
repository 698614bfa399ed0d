namespace AfterSales.Revisits;

/// <summary>
/// The revisit schedule for a delivered project (交付项目回访计划): monthly in the first year after
/// delivery, quarterly after. Each date counts from the delivery date itself (month n is
/// <c>delivered.AddMonths(n)</c>), so a delivery on the 31st never drifts to the 28th for good.
/// </summary>
public static class RevisitSchedule
{
    /// <summary>Monthly revisits in the first year: months 1 to 12.</summary>
    public const int MonthlyFor = 12;

    /// <summary>After the first year, one every this many months: 15, 18, 21, ...</summary>
    public const int QuarterEvery = 3;

    /// <summary>The scheduled dates from <paramref name="from"/> to <paramref name="to"/>, both included, in order.</summary>
    public static IReadOnlyList<DateOnly> Dates(DateOnly delivered, DateOnly from, DateOnly to)
    {
        var dates = new List<DateOnly>();
        for (var n = 1; ; n = n < MonthlyFor ? n + 1 : n + QuarterEvery)
        {
            var date = delivered.AddMonths(n);
            if (date > to)
            {
                return dates;
            }
            if (date >= from)
            {
                dates.Add(date);
            }
        }
    }
}

using AfterSales.Revisits;

namespace AfterSales.Tests.Revisits;

/// <summary>The revisit schedule of a delivered project: monthly in the first year, quarterly after.</summary>
public class RevisitScheduleTests
{
    [Fact]
    public void AProjectDeliveredFourteenMonthsAgoHadTwelveMonthlyRevisitsAndItsFirstQuarterlyOneIsNext()
    {
        var delivered = new DateOnly(2025, 10, 5);
        var today = new DateOnly(2026, 12, 5);

        var sinceDelivery = RevisitSchedule.Dates(delivered, delivered, today);

        DateOnly[] monthly =
        [
            new(2025, 11, 5), new(2025, 12, 5), new(2026, 1, 5), new(2026, 2, 5), new(2026, 3, 5), new(2026, 4, 5),
            new(2026, 5, 5), new(2026, 6, 5), new(2026, 7, 5), new(2026, 8, 5), new(2026, 9, 5), new(2026, 10, 5),
        ];
        Assert.Equal(monthly, sinceDelivery);
        // Month 13 and 14 have none; then every three months from the anniversary.
        Assert.Equal([new(2027, 1, 5), new(2027, 4, 5), new(2027, 7, 5), new(2027, 10, 5)], RevisitSchedule.Dates(delivered, today, new DateOnly(2027, 12, 31)));
        Assert.Empty(RevisitSchedule.Dates(delivered, new DateOnly(2026, 10, 6), new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public void DatesCountFromTheDeliveryDaySoAMonthEndNeverDrifts()
    {
        var dates = RevisitSchedule.Dates(new DateOnly(2026, 1, 31), new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 31));

        Assert.Equal([new(2026, 2, 28), new(2026, 3, 31), new(2026, 4, 30), new(2026, 5, 31)], dates);
    }

    [Fact]
    public void BothEndsOfThePeriodAreIncluded()
    {
        var delivered = new DateOnly(2026, 3, 10);

        Assert.Equal([new DateOnly(2026, 4, 10)], RevisitSchedule.Dates(delivered, new DateOnly(2026, 4, 10), new DateOnly(2026, 4, 10)));
        Assert.Empty(RevisitSchedule.Dates(delivered, delivered, delivered));
    }
}

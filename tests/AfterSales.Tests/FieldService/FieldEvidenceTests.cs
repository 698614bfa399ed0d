using AfterSales.Assessment;

namespace AfterSales.Tests.FieldService;

/// <summary>What the self-assessment counts from field service: visits with the signed card, commissioning accepted on time with the form.</summary>
public class FieldEvidenceTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void VisitsDoneOrDueAreSampledAndThoseCompletedWithTheSignedCardPass()
    {
        var field = new FieldFacts(
        [
            new VisitFacts("FV-202702-0001-3", Completed: true, SignedCard: true, AsOf.AddDays(-20)),
            new VisitFacts("FV-202702-0002-3", Completed: false, SignedCard: false, AsOf.AddDays(-1)), // overdue, not done
            new VisitFacts("FV-202702-0003-3", Completed: false, SignedCard: false, AsOf.AddDays(1)),  // not due yet: not counted
        ], []);

        var finding = EvidenceRules.Finding("repair.visits", EvidenceSource.FieldVisits, [], [], AsOf, field);

        Assert.Equal((true, 2, 1), (finding.HasData, finding.Sampled, finding.Passed));
        Assert.Equal(1, finding.Figures["notCompleted"]);
    }

    [Fact]
    public void CommissioningAcceptedLateOrNotAcceptedByItsDueTimeDoesNotPass()
    {
        var field = new FieldFacts([],
        [
            new CommissioningFacts("AZ-1", Accepted: true, OnTime: true, AsOf.AddDays(-10)),
            new CommissioningFacts("AZ-2", Accepted: true, OnTime: false, AsOf.AddDays(-10)),
            new CommissioningFacts("AZ-3", Accepted: false, OnTime: null, AsOf.AddDays(-2)),
            new CommissioningFacts("AZ-4", Accepted: false, OnTime: null, AsOf.AddDays(3)),
        ]);

        var finding = EvidenceRules.Finding("technicalSupport.commissioning", EvidenceSource.Commissioning, [], [], AsOf, field);

        Assert.Equal((true, 3, 1), (finding.HasData, finding.Sampled, finding.Passed));
        Assert.Equal(2, finding.Figures["accepted"]);
        Assert.False(EvidenceRules.Finding("x", EvidenceSource.Commissioning, [], [], AsOf).HasData); // nothing in the period
    }
}

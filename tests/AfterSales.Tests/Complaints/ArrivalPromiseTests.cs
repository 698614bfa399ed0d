using AfterSales.Complaints;
using AfterSales.WorkItems;
using static AfterSales.Tests.Complaints.LifecycleTests;

namespace AfterSales.Tests.Complaints;

/// <summary>The customer's clock (from the call) beside each step's own clock, on plain objects.</summary>
public class ArrivalPromiseTests
{
    [Fact]
    public void InternalStepsOnTimeCanStillMissThePromiseToTheCustomer()
    {
        // Out of province (48 h): triage 7 h, dispatch 3 h later, 45 h on the road: each step within its limit.
        var run = new Run(New(province: "浙江")).Do(new FileForTriage()).After(TimeSpan.FromHours(7))
            .Do(new RecordTriage(HandlingPath.GeneralOnSite, "轴承损坏"));
        Assert.Equal(T0 + TimeSpan.FromHours(48), run.C.ArrivalPromise!.DueAt);
        Assert.Equal(ArrivalRule.OutOfProvince, run.C.ArrivalPromise.Rule);
        Assert.Equal("330000", run.C.ArrivalPromise.Province);

        run.After(TimeSpan.FromHours(3)).Do(new DispatchTechnician(Zhao, null, null));
        run.After(TimeSpan.FromHours(39)).Do(new EscalateOverdue());
        var escalated = run.Events.Select(e => e.Data).OfType<StepEscalated>().ToList();
        Assert.Equal(["arrivalPromise"], escalated.Select(e => e.StepKind));

        run.After(TimeSpan.FromHours(6)).Do(new RecordArrival());
        var arrived = run.Events.Select(e => e.Data).OfType<ArrivedOnSite>().Single();
        Assert.True(arrived.OnTime);
        Assert.False(arrived.PromiseMet);
        Assert.False(run.C.ArrivalPromise!.Met);
        Assert.Equal(run.Now, run.C.ArrivalPromise.ArrivedAt);
        Assert.All(run.C.Steps.Where(s => !s.Is(StepKind.ArrivalPromise) && !s.IsOpen), s => Assert.True(s.OnTime));
        Assert.False(run.C.Steps.Single(s => s.Is(StepKind.ArrivalPromise)).OnTime);
        Assert.Contains(run.Events.Select(e => e.Data).OfType<StepCompleted>(), c => c.StepKind == "arrivalPromise" && c.OnTime == false);
    }

    [Fact]
    public void ACallRecordedLateKeepsItsTimeAndThePromiseCountsFromIt()
    {
        var run = new Run(New() with { ReceivedAt = T0, RecordedAt = T0 + TimeSpan.FromHours(20) }) { Now = T0 + TimeSpan.FromHours(20) }
            .Do(new FileForTriage()).Do(new RecordTriage(HandlingPath.GeneralOnSite, "需上门"));
        Assert.Equal(T0 + TimeSpan.FromHours(24), run.C.ArrivalPromise!.DueAt);
        Assert.Equal(T0, run.C.ArrivalPromise.From);
    }

    [Fact]
    public void AnAgreedArrivalIsInTheFutureAndWithinTheHorizonFromTheCall()
    {
        var run = Triaged(HandlingPath.GeneralOnSite);
        Assert.Contains("agreedArrivalBy", Assert.Throws<ValidationException>(() => run.Do(new DispatchTechnician(Zhao, null, T0.AddMinutes(-1)))).Errors.Keys);
        Assert.Contains("agreedArrivalBy", Assert.Throws<ValidationException>(() => run.Do(new DispatchTechnician(Zhao, null, T0 + Rules.AgreedArrivalHorizon + TimeSpan.FromMinutes(1)))).Errors.Keys);
        run.Do(new DispatchTechnician(Zhao, null, T0 + Rules.AgreedArrivalHorizon));
        Assert.Equal(ArrivalRule.Agreed, run.C.ArrivalPromise!.Rule);
    }

    [Theory]
    [InlineData("江苏", ArrivalRule.InProvince)]
    [InlineData("Jiangsu Province", ArrivalRule.InProvince)]
    [InlineData("320000", ArrivalRule.InProvince)]
    [InlineData("浙江省", ArrivalRule.OutOfProvince)]
    public void TheSiteProvinceIsReadInAnyFormAndAnUnknownOneRefused(string site, ArrivalRule rule)
    {
        var run = Triaged(HandlingPath.GeneralOnSite, province: null).Do(new DispatchTechnician(Zhao, site, null));
        Assert.Equal(rule, run.C.ArrivalPromise!.Rule);
        Assert.Contains("siteProvince", Assert.Throws<ValidationException>(() => Triaged(HandlingPath.GeneralOnSite).Do(new DispatchTechnician(Zhao, "火星", null))).Errors.Keys);
    }

    [Fact]
    public void LeavingTheOnSitePathWithdrawsThePromise()
    {
        var run = Triaged(HandlingPath.GeneralOnSite).Do(new ReviseTriage(HandlingPath.QualityRemote, "远程可解决", "复核"));
        Assert.Null(run.C.ArrivalPromise);
        Assert.DoesNotContain(run.C.OpenSteps, s => s.Is(StepKind.ArrivalPromise));
        Assert.Contains(run.Events.Select(e => e.Data), e => e is ArrivalPromiseWithdrawn);
    }

    [Fact]
    public void ACustomerNotSatisfiedAfterAVisitIsPromisedAVisitAgainFromTheirAnswer()
    {
        var run = Triaged(HandlingPath.GeneralOnSite).Do(new DispatchTechnician(Zhao, null, null)).Do(new RecordArrival())
            .Do(new Resolve("已修")).After(TimeSpan.FromDays(2)).Do(new ConfirmResolution(false, "仍然异响"));
        Assert.Equal(run.Now + Rules.ArrivalInProvince, run.C.ArrivalPromise!.DueAt);
        Assert.Single(run.C.OpenSteps, s => s.Is(StepKind.ArrivalPromise));
    }

    [Fact]
    public void AnUrgentTriageEscalatesEveryOpenStepAtOnce()
    {
        var run = new Run(New()).Do(new FileForTriage()).Do(new RecordTriage(HandlingPath.GeneralOnSite, "可能伤人", Urgent: true, UrgentReason: "安全隐患"));
        Assert.True(run.C.Urgent);
        Assert.All(run.C.OpenSteps, s => Assert.Equal(EscalationLevel.Management, s.Escalation));
        var flagged = run.Events.Select(e => e.Data).OfType<FlaggedUrgent>().Single();
        Assert.Equal(["marketing/supervisor", "management"], flagged.EscalatedTo);
        Assert.Equal(run.C.OpenSteps.Select(s => s.Id).Order(), flagged.EscalatedSteps.Order());
    }

    [Fact]
    public void AnUrgentComplaintIsFiledForTriageAlreadyEscalated()
    {
        var run = new Run(New() with { Urgent = true }).Do(new FileForTriage());
        Assert.Equal(EscalationLevel.Management, run.Open(StepKind.Triage).Escalation);
    }

    [Fact]
    public void EveryClosedStepSaysWhetherItWasOnTime()
    {
        var run = Triaged(HandlingPath.QualityRemote).After(Rules.RemoteSolutionLimit + TimeSpan.FromHours(1)).Do(new Resolve("远程解决"));
        Assert.True(run.C.Steps.Single(s => s.Is(StepKind.Triage)).OnTime);
        Assert.False(run.C.Steps.Single(s => s.Is(StepKind.RemoteSolution)).OnTime);
        Assert.Equal([true, false], run.Events.Select(e => e.Data).OfType<StepCompleted>().Select(c => c.OnTime));
    }

    [Fact]
    public void AStepClosedWhilePausedCountsItsDueTimeMovedByThePause()
    {
        var run = Triaged(HandlingPath.ReturnExchange);
        run.Do(new StepAction(new PauseStep(run.Work.Id, PauseReason.WaitingOnParts, null))).After(Rules.ReturnLimit + TimeSpan.FromDays(1));
        var step = run.Work.Id;
        run.Do(new Resolve("已换货"));
        Assert.True(run.C.Steps.Single(s => s.Id == step).OnTime);
    }
}

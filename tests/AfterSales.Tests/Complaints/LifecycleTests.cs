using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.WorkItems;

namespace AfterSales.Tests.Complaints;

/// <summary>The state machine on its own: plain objects, a clock we move by hand.</summary>
public class LifecycleTests
{
    private static readonly Staff Wang = new("u-wang", "王芳");
    private static readonly Staff Li = new("u-li", "李强");
    internal static readonly Staff Zhao = new("t-zhao", "赵师傅");
    internal static readonly ServiceRules Rules = ServiceRules.Default;
    internal static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    internal static Complaint New(string? province = "江苏", WorkKind kind = WorkKind.Complaint) => new()
    {
        Number = "KS-202611-0001",
        Kind = kind,
        Channel = Channel.Phone,
        Customer = new CustomerFacts(null, "苏州精工", "李工", "13800000000", province),
        Details = new ComplaintDetails("CNC-850", "PO-1", "P-1", null, 10, 2, "上门维修", "主轴异响"),
        ReceivedAt = T0,
        FirstContactOwner = Wang,
    };

    internal sealed class Run(Complaint start)
    {
        public Complaint C { get; private set; } = start;
        public DateTimeOffset Now { get; set; } = T0;
        public List<DomainEvent> Events { get; } = [];

        public Run Do(ComplaintCommand command, Staff? by = null)
        {
            var change = ComplaintLifecycle.Execute(C, command, by ?? Li, Now, Rules);
            C = change.Record;
            Events.AddRange(change.Events);
            return this;
        }

        public Run After(TimeSpan span)
        {
            Now += span;
            return this;
        }

        public WorkItem Work => ComplaintLifecycle.WorkStep(C)!;
        public WorkItem Open(StepKind kind) => C.OpenSteps.Single(s => s.Is(kind));
    }

    internal static Run Triaged(HandlingPath path, string? province = "江苏", WorkKind kind = WorkKind.Complaint) =>
        new Run(New(province, kind)).Do(new FileForTriage()).Do(new RecordTriage(path, "初步分析"));

    [Fact]
    public void ANewComplaintIsFiledWithMarketingForTriage()
    {
        var run = new Run(New()).Do(new FileForTriage());
        Assert.Equal(ComplaintState.AwaitingTriage, run.C.State);
        var triage = run.Open(StepKind.Triage);
        Assert.Equal(Department.Marketing, triage.Department);
        Assert.Equal(T0 + Rules.TriageLimit, triage.DueAt);
    }

    [Theory]
    [InlineData(HandlingPath.NotQualityProblem, StepKind.RemoteSolution, Department.Marketing, ComplaintState.InProgress)]
    [InlineData(HandlingPath.QualityRemote, StepKind.RemoteSolution, Department.Quality, ComplaintState.InProgress)]
    [InlineData(HandlingPath.GeneralOnSite, StepKind.OnSiteService, Department.Technical, ComplaintState.InProgress)]
    [InlineData(HandlingPath.MajorOnSite, StepKind.OnSiteService, Department.Technical, ComplaintState.InProgress)]
    [InlineData(HandlingPath.ReturnExchange, StepKind.ReturnExchange, Department.Procurement, ComplaintState.InProgress)]
    public void EachPathRoutesItsWorkToTheRightDepartment(HandlingPath path, StepKind kind, Department department, ComplaintState state)
    {
        var run = Triaged(path);
        Assert.Equal(state, run.C.State);
        Assert.Equal(kind, run.Work.AsStepKind());
        Assert.Equal(department, run.Work.Department);
        Assert.Equal(path, run.C.Path);
        Assert.DoesNotContain(run.C.Steps, s => s.Is(StepKind.Triage) && s.IsOpen);
    }

    [Theory]
    [InlineData("江苏", 24)]
    [InlineData("江苏省", 24)]
    [InlineData("浙江", 48)]
    [InlineData("新疆维吾尔自治区", 48)]
    public void ArrivalIsDue24HoursInTheHomeProvinceAnd48Elsewhere(string province, int hours)
    {
        var run = Triaged(HandlingPath.GeneralOnSite, province).After(TimeSpan.FromHours(2)).Do(new DispatchTechnician(Zhao, null, null));
        // The travel's own limit counts from dispatch; the customer's promise from the call.
        Assert.Equal(run.Now + TimeSpan.FromHours(hours), run.Work.DueAt);
        Assert.Equal(T0 + TimeSpan.FromHours(hours), run.C.ArrivalPromise!.DueAt);
        Assert.Equal(T0 + TimeSpan.FromHours(hours), run.Open(StepKind.ArrivalPromise).DueAt);
        Assert.Equal(OnSitePhase.Arrival, run.Work.Phase());
        Assert.Equal(Zhao, run.C.Technician);
    }

    [Fact]
    public void AnAgreedArrivalTimeOverridesTheProvinceRule()
    {
        var agreed = T0.AddDays(4);
        var run = Triaged(HandlingPath.GeneralOnSite).Do(new DispatchTechnician(Zhao, null, agreed));
        Assert.Equal(agreed, run.Work.DueAt);
        Assert.Equal(agreed, run.C.ArrivalPromise!.DueAt);
        Assert.Equal(ArrivalRule.Agreed, run.Events.Select(e => e.Data).OfType<TechnicianDispatched>().Single().Rule);
    }

    [Fact]
    public void DispatchWithoutAnyProvinceAsksForIt()
    {
        var run = Triaged(HandlingPath.GeneralOnSite, province: null);
        var error = Assert.Throws<ValidationException>(() => run.Do(new DispatchTechnician(Zhao, null, null)));
        Assert.Contains("siteProvince", error.Errors.Keys);
    }

    [Fact]
    public void CommissioningGetsSevenDaysOnSiteAndARevisitAWeekAfterService()
    {
        var run = Triaged(HandlingPath.GeneralOnSite, kind: WorkKind.Installation)
            .Do(new DispatchTechnician(Zhao, null, null)).After(TimeSpan.FromHours(20)).Do(new RecordArrival());
        Assert.Equal(run.Now + TimeSpan.FromDays(7), run.Work.DueAt);
        Assert.True(Assert.IsType<ArrivedOnSite>(run.Events.Last().Data).OnTime);

        run.After(TimeSpan.FromDays(5)).Do(new Resolve("调试完成, 验收合格"));
        Assert.Equal(ComplaintState.Resolved, run.C.State);
        Assert.Equal(run.Now + TimeSpan.FromDays(7), run.Open(StepKind.Revisit).DueAt);
        Assert.Equal(Wang, run.Open(StepKind.CustomerConfirmation).Assignee);
    }

    [Fact]
    public void AMajorProblemIsVisitedFirstAndRepairedOnlyAfterTheLeaderApproves()
    {
        var run = Triaged(HandlingPath.MajorOnSite).Do(new DispatchTechnician(Zhao, null, null)).After(TimeSpan.FromHours(5)).Do(new RecordArrival());
        Assert.Equal(OnSitePhase.Inspection, run.Work.Phase());
        Assert.True(run.C.ArrivalPromise!.Met);
        var early = Assert.Throws<ConflictException>(() => run.Do(new Resolve("已返工", "报告")));
        Assert.Equal(["recordFindings"], Allowed(early).Where(a => a is not ("link" or "transfer" or "assign" or "pause")));

        run.Do(new RecordFindings("整批焊缝裂纹, 影响安全"), Zhao);
        Assert.Equal(ComplaintState.AwaitingApproval, run.C.State);
        Assert.Equal(StepKind.Approval, run.Work.AsStepKind());
        Assert.Equal(Department.Management, run.Work.Department);
        Assert.Throws<ConflictException>(() => run.Do(new Resolve("已返工", "报告")));

        Assert.Throws<ValidationException>(() => run.Do(new DecideApproval(false, null)));
        run.Do(new DecideApproval(false, "需要先做批次分析"));
        Assert.Equal(ComplaintState.AwaitingTriage, run.C.State);
        Assert.Null(run.C.Path);
        Assert.False(run.C.Approval!.Approved);
        Assert.Equal("整批焊缝裂纹, 影响安全", run.C.Findings!.Text);
    }

    [Fact]
    public void ApprovalStartsTheRepairWithTheTechnicianOnSite()
    {
        var run = Triaged(HandlingPath.MajorOnSite).Do(new DispatchTechnician(Zhao, null, null)).Do(new RecordArrival()).Do(new RecordFindings("裂纹"))
            .After(TimeSpan.FromHours(2)).Do(new DecideApproval(true, null), new Staff("m-1", "总经理"));
        Assert.Equal(ComplaintState.InProgress, run.C.State);
        Assert.Equal(StepKind.OnSiteService, run.Work.AsStepKind());
        Assert.Equal(OnSitePhase.Service, run.Work.Phase());
        Assert.Equal(Zhao, run.Work.Assignee);
        Assert.Equal(run.Now + Rules.RepairLimit, run.Work.DueAt);
        Assert.Equal("总经理", run.C.Approval!.By.Name);

        Assert.Contains("serviceReport", Assert.Throws<ValidationException>(() => run.Do(new Resolve("已返工"))).Errors.Keys);
        run.Do(new Resolve("现场返工完成", "售后服务报告: 焊缝裂纹, 已返工"));
        Assert.Equal("售后服务报告: 焊缝裂纹, 已返工", run.C.ServiceReport);
        Assert.Equal("售后服务报告: 焊缝裂纹, 已返工", run.Events.Select(e => e.Data).OfType<Resolved>().Single().ServiceReport);
    }

    [Fact]
    public void AComplaintThatWaitedForApprovalBeforeTheVisitGoesOnSiteOnceApproved()
    {
        // Complaints triaged before findings came first wait for approval with no findings: approving sends the technician.
        var approval = WorkItemRules.Open("s2", "approval", Department.Management, T0, Rules.ApprovalLimit);
        var waiting = New() with
        {
            State = ComplaintState.AwaitingApproval,
            Triage = new Triage(HandlingPath.MajorOnSite, "旧流程", Li, T0),
            Steps = [WorkItemRules.Close(WorkItemRules.Open("s1", "triage", Department.Marketing, T0, Rules.TriageLimit), StepOutcome.Done, T0), approval],
        };
        var run = new Run(waiting).Do(new DecideApproval(true, null));
        Assert.Equal(OnSitePhase.Dispatch, run.Work.Phase());
        Assert.NotNull(run.C.ArrivalPromise);
    }

    [Fact]
    public void TriageCanBeRevisedWithAReasonUntilWorkStarts()
    {
        var run = Triaged(HandlingPath.NotQualityProblem);
        Assert.Throws<ValidationException>(() => run.Do(new ReviseTriage(HandlingPath.QualityRemote, "复测", "")));
        run.Do(new ReviseTriage(HandlingPath.QualityRemote, "复测发现材料问题", "质量部复核"));
        Assert.Equal(Department.Quality, run.Work.Department);
        Assert.Single(run.C.Steps, s => s.Outcome == StepOutcome.Cancelled);
        Assert.Equal("质量部复核", run.Events.Last().Reason);

        run.Do(new StartWork("已电话联系"));
        var ex = Assert.Throws<ConflictException>(() => run.Do(new ReviseTriage(HandlingPath.GeneralOnSite, "x", "y")));
        Assert.DoesNotContain("reviseTriage", Allowed(ex));
        Assert.Contains("resolve", Allowed(ex));
    }

    [Fact]
    public void OnSiteTriageCannotBeRevisedOnceATechnicianIsSent()
    {
        var run = Triaged(HandlingPath.GeneralOnSite).Do(new DispatchTechnician(Zhao, null, null));
        Assert.Throws<ConflictException>(() => run.Do(new ReviseTriage(HandlingPath.ReturnExchange, "退货", "客户要求")));
    }

    [Fact]
    public void PausingStopsTheClockAndResumingMovesTheDueTime()
    {
        var run = Triaged(HandlingPath.ReturnExchange);
        var due = run.Work.DueAt;
        run.After(TimeSpan.FromHours(10)).Do(new StepAction(new PauseStep(run.Work.Id, PauseReason.WaitingOnParts, "等备件")));
        Assert.True(run.Work.IsPaused);
        run.After(TimeSpan.FromDays(10));
        Assert.False(run.Work.IsOverdue(run.Now));
        run.Do(new StepAction(new ResumeStep(run.Work.Id)));
        Assert.Equal(due + TimeSpan.FromDays(10), run.Work.DueAt);
        Assert.Equal(TimeSpan.FromDays(10), run.Work.PausedTotal);
        Assert.Throws<ConflictException>(() => run.Do(new StepAction(new ResumeStep(run.Work.Id))));
    }

    [Fact]
    public void OverdueStepsEscalateToTheSupervisorThenManagementEachOnce()
    {
        var run = Triaged(HandlingPath.QualityRemote);
        run.After(Rules.RemoteSolutionLimit - TimeSpan.FromMinutes(1)).Do(new EscalateOverdue());
        Assert.DoesNotContain(run.Events, e => e.Type == "StepEscalated");

        run.After(TimeSpan.FromMinutes(2)).Do(new EscalateOverdue()).Do(new EscalateOverdue());
        var first = Assert.Single(run.Events, e => e.Type == "StepEscalated");
        Assert.Equal(EscalationLevel.Supervisor, Assert.IsType<StepEscalated>(first.Data).Level);
        Assert.Equal("quality/supervisor", ((StepEscalated)first.Data).EscalatedTo);

        run.After(Rules.EscalateToManagementAfter).Do(new EscalateOverdue()).Do(new EscalateOverdue());
        var escalations = run.Events.Where(e => e.Type == "StepEscalated").ToList();
        Assert.Equal(2, escalations.Count);
        Assert.Equal(EscalationLevel.Management, ((StepEscalated)escalations[1].Data).Level);
        Assert.Equal(EscalationLevel.Management, run.Work.Escalation);
    }

    [Fact]
    public void AStepFoundLongOverdueIsEscalatedThroughBothLevelsAtOnce()
    {
        var run = Triaged(HandlingPath.QualityRemote).After(TimeSpan.FromDays(5)).Do(new EscalateOverdue());
        Assert.Equal([EscalationLevel.Supervisor, EscalationLevel.Management], run.Events.Where(e => e.Type == "StepEscalated").Select(e => ((StepEscalated)e.Data).Level));
    }

    [Fact]
    public void PausedStepsAreNotEscalated()
    {
        var run = Triaged(HandlingPath.QualityRemote);
        run.Do(new StepAction(new PauseStep(run.Work.Id, PauseReason.WaitingOnCustomer, null))).After(TimeSpan.FromDays(5)).Do(new EscalateOverdue());
        Assert.DoesNotContain(run.Events, e => e.Type == "StepEscalated");
    }

    [Fact]
    public void TransferKeepsTheDueTimeAndTheFirstContactOwner()
    {
        var run = Triaged(HandlingPath.QualityRemote);
        var due = run.Work.DueAt;
        run.Do(new StepAction(new TransferStep(run.Work.Id, Department.Technical, "需要技术中心测试")));
        Assert.Equal(Department.Technical, run.Work.Department);
        Assert.Equal(due, run.Work.DueAt);
        Assert.Equal(Wang, run.C.FirstContactOwner);
        Assert.Throws<ValidationException>(() => run.Do(new StepAction(new TransferStep(run.Work.Id, Department.Technical, "again"))));
    }

    [Fact]
    public void AnUnsatisfiedCustomerSendsTheWorkBack()
    {
        var run = Triaged(HandlingPath.QualityRemote).Do(new Resolve("远程指导更换参数"));
        run.Do(new ConfirmResolution(false, "问题仍在"));
        Assert.Equal(ComplaintState.InProgress, run.C.State);
        Assert.Equal(StepKind.RemoteSolution, run.Work.AsStepKind());
        Assert.Null(run.C.Resolution);
    }

    [Fact]
    public void AClosedComplaintReopensWithinTheGracePeriodOnly()
    {
        var run = Triaged(HandlingPath.NotQualityProblem).Do(new Resolve("电话指导")).Do(new ConfirmResolution(true, null));
        Assert.Equal(ComplaintState.Closed, run.C.State);
        Assert.Equal(["reopen", "link"], ComplaintLifecycle.AllowedActions(run.C, run.Now, Rules).Select(a => a.Name));

        run.After(TimeSpan.FromDays(13)).Do(new Reopen("客户再次来电"));
        Assert.Equal(ComplaintState.AwaitingTriage, run.C.State);
        Assert.Equal(1, run.C.ReopenCount);

        run.Do(new RecordTriage(HandlingPath.NotQualityProblem, "同前")).Do(new Resolve("再次指导")).Do(new ConfirmResolution(true, null));
        run.After(TimeSpan.FromDays(15));
        var ex = Assert.Throws<ConflictException>(() => run.Do(new Reopen("again")));
        Assert.Contains("followUp", Allowed(ex));
        Assert.Contains("follow-up", ex.Message);
    }

    [Fact]
    public void LinkingIsIdempotentAndRefusesItself()
    {
        var run = new Run(New()).Do(new LinkComplaint("KS-202610-0007", "重复"));
        var again = ComplaintLifecycle.Execute(run.C, new LinkComplaint("KS-202610-0007", null), Li, T0, Rules);
        Assert.Empty(again.Events);
        Assert.Throws<ValidationException>(() => run.Do(new LinkComplaint("KS-202611-0001", null)));
    }

    [Fact]
    public void EveryEventRecordsWhoAndWhen()
    {
        var run = Triaged(HandlingPath.GeneralOnSite).After(TimeSpan.FromHours(1)).Do(new DispatchTechnician(Zhao, "浙江", null), Wang);
        var dispatched = run.Events.Single(e => e.Type == "TechnicianDispatched");
        Assert.Equal(Wang, dispatched.By);
        Assert.Equal(run.Now, dispatched.At);
        Assert.Equal(ArrivalRule.OutOfProvince, Assert.IsType<TechnicianDispatched>(dispatched.Data).Rule);
    }

    internal static IReadOnlyList<string> Allowed(ConflictException ex) => [.. ((IReadOnlyList<ActionLink>)ex.Extensions["allowedActions"]!).Select(a => a.Name)];
}

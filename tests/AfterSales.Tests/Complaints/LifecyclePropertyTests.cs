using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.WorkItems;
using CsCheck;

namespace AfterSales.Tests.Complaints;

/// <summary>
/// Random command sequences against the state machine: whatever people do, in any order, the
/// complaint stays coherent, and an action is refused exactly when it is not in the allowed list.
/// </summary>
public class LifecyclePropertyTests
{
    private static readonly ServiceRules Rules = ServiceRules.Default;
    private static readonly Staff Actor = new("u-li", "李强");

    /// <summary>One generated step of a scenario: which command, on which step, with what, after how long.</summary>
    private sealed record Move(int Command, int StepIndex, int Choice, bool Flag, int MinutesLater);

    private static readonly Gen<Move> MoveGen =
        Gen.Select(Gen.Int[0, 17], Gen.Int[0, 9], Gen.Int[0, 4], Gen.Bool, Gen.Int[0, 60 * 24 * 20])
            .Select((c, s, ch, f, m) => new Move(c, s, ch, f, m));

    private static ComplaintCommand Command(Move m, Complaint c)
    {
        var steps = c.Steps;
        var stepId = steps.Count == 0 ? "s1" : steps[m.StepIndex % steps.Count].Id;
        var path = (HandlingPath)m.Choice;
        return m.Command switch
        {
            0 => new FileForTriage(),
            1 => new RecordTriage(path, "分析", Urgent: m.Flag && m.StepIndex == 0),
            2 => new ReviseTriage(path, "复核", "原因"),
            3 => new DecideApproval(m.Flag, "理由"),
            4 => new StartWork(null),
            5 => new DispatchTechnician(new Staff("t-1", "赵师傅"), m.Flag ? "江苏" : "浙江", m.StepIndex == 0 ? c.ReceivedAt.AddDays(m.Choice * 5 + 1) : null),
            6 => new RecordArrival(),
            7 => new Resolve("处理完毕", m.Flag ? "售后服务报告" : null),
            8 => new ConfirmResolution(m.Flag, "客户意见"),
            9 => new Reopen("再次投诉"),
            10 => new StepAction(new TransferStep(stepId, (Department)m.Choice, "转交")),
            11 => new StepAction(new AssignStep(stepId, m.Flag ? new Staff("u-2", "张三") : null)),
            12 => new StepAction(new PauseStep(stepId, m.Flag ? PauseReason.WaitingOnParts : PauseReason.WaitingOnCustomer, null)),
            13 => new StepAction(new ResumeStep(stepId)),
            14 => new RecordRevisit("满意"),
            15 => new LinkComplaint($"KS-202610-{m.Choice + 1:D4}", null),
            16 => new RecordFindings("现场发现"),
            _ => new EscalateOverdue(),
        };
    }

    private static readonly HashSet<string> ActionsCheckedAgainstTheAllowedList =
        ["triage", "reviseTriage", "decideApproval", "startWork", "dispatch", "recordArrival", "recordFindings", "resolve", "confirm", "reopen", "recordRevisit"];

    [Fact]
    public void RandomCommandSequencesKeepTheComplaintCoherent()
    {
        MoveGen.List[1, 60].Sample(moves =>
        {
            var c = LifecycleTests.New();
            var now = c.ReceivedAt;
            foreach (var move in moves)
            {
                now += TimeSpan.FromMinutes(move.MinutesLater);
                var command = Command(move, c);
                var allowed = ComplaintLifecycle.AllowedActions(c, now, Rules).Select(a => a.Name).ToList();
                Change<Complaint>? change = null;
                try
                {
                    change = ComplaintLifecycle.Execute(c, command, Actor, now, Rules);
                }
                catch (ConflictException ex)
                {
                    Assert.Equal(allowed, LifecycleTests.Allowed(ex));
                    if (command is ConfirmResolution { Satisfied: true } && allowed.Contains("confirm"))
                    {
                        // "Not satisfied" is still open to the customer; "satisfied" waits for a major problem's received service report.
                        Assert.True(c.Path == HandlingPath.MajorOnSite && c.Related.ServiceReport is not { Received: true }, ex.Message);
                    }
                    else if (ActionsCheckedAgainstTheAllowedList.Contains(command.Action))
                    {
                        Assert.DoesNotContain(command.Action, allowed);
                    }
                }
                catch (ValidationException)
                {
                    // Refused input (same path again, same department again): nothing changes.
                }
                if (change is null)
                {
                    continue;
                }
                if (ActionsCheckedAgainstTheAllowedList.Contains(command.Action))
                {
                    Assert.Contains(command.Action, allowed);
                }
                Assert.Equal(c.FirstContactOwner, change.Record.FirstContactOwner);
                Assert.Equal(c.Number, change.Record.Number);
                Assert.All(change.Events, e => Assert.Equal(now, e.At));
                c = change.Record;
                AssertCoherent(c, now);
            }
        }, iter: 2000);
    }

    internal static void AssertCoherent(Complaint c, DateTimeOffset now)
    {
        var open = c.OpenSteps.ToList();
        var work = open.Where(s => s.AsStepKind() is StepKind.RemoteSolution or StepKind.OnSiteService or StepKind.ReturnExchange or StepKind.Approval).ToList();
        switch (c.State)
        {
            case ComplaintState.Received:
                Assert.Empty(c.Steps);
                break;
            case ComplaintState.AwaitingTriage:
                Assert.Single(open, s => s.Is(StepKind.Triage));
                Assert.Empty(work);
                Assert.Null(c.Path);
                break;
            case ComplaintState.AwaitingApproval:
                Assert.Equal(StepKind.Approval, Assert.Single(work).AsStepKind());
                Assert.Equal(HandlingPath.MajorOnSite, c.Path);
                Assert.NotNull(c.Findings);
                break;
            case ComplaintState.InProgress:
                var step = Assert.Single(work);
                Assert.NotEqual(StepKind.Approval, step.AsStepKind());
                Assert.NotNull(c.Path);
                Assert.Equal(step.Is(StepKind.OnSiteService), c.Path is HandlingPath.GeneralOnSite or HandlingPath.MajorOnSite);
                // No repair of a major problem without the leader's decision.
                if (c.Path == HandlingPath.MajorOnSite && step.Phase() == OnSitePhase.Service)
                {
                    Assert.True(c.Approval?.Approved);
                }
                Assert.True(step.Phase() != OnSitePhase.Inspection || c.Path == HandlingPath.MajorOnSite);
                break;
            case ComplaintState.Resolved:
                Assert.Single(open, s => s.Is(StepKind.CustomerConfirmation));
                Assert.Empty(work);
                Assert.NotNull(c.Resolution);
                if (c.Path == HandlingPath.MajorOnSite)
                {
                    Assert.True(c.Approval?.Approved);
                    Assert.NotNull(c.ServiceReport);
                }
                break;
            case ComplaintState.Closed:
                Assert.All(open, s => Assert.Equal(StepKind.Revisit, s.AsStepKind()));
                Assert.NotNull(c.ClosedAt);
                break;
        }
        Assert.DoesNotContain(open, s => s.Is(StepKind.Triage) && c.State != ComplaintState.AwaitingTriage);
        Assert.Equal(c.Steps.Count, c.Steps.Select(s => s.Id).Distinct().Count());
        Assert.All(c.Steps.Where(s => !s.IsOpen), s => Assert.NotNull(s.Outcome));
        Assert.All(open, s => Assert.Equal(s.IsPaused, s.PauseReason is not null));
        // The customer's promise counts from the call, so it may be due before it was opened; every other step's limit runs from its opening.
        Assert.All(open.Where(s => !s.Is(StepKind.ArrivalPromise)), s => Assert.True(s.DueAt >= s.OpenedAt));
        var promises = open.Where(s => s.Is(StepKind.ArrivalPromise)).ToList();
        Assert.True(promises.Count <= 1);
        if (promises.Count == 1)
        {
            // A promise is open only while someone still has to go: the visit is being dispatched or on the way.
            Assert.Equal(ComplaintState.InProgress, c.State);
            Assert.Contains(work.Single().Phase(), new OnSitePhase?[] { OnSitePhase.Dispatch, OnSitePhase.Arrival });
            Assert.Equal(promises[0].Id, c.ArrivalPromise!.Step);
            Assert.Null(c.ArrivalPromise.ArrivedAt);
        }
        Assert.All(c.Steps.Where(s => !s.IsOpen), s => Assert.Equal(s.Outcome == StepOutcome.Done, s.OnTime is not null));
        // Management watches every open step of an urgent complaint.
        Assert.True(!c.Urgent || open.All(s => s.Escalation == EscalationLevel.Management));
        Assert.All(c.Steps, s => Assert.True(s.PausedTotal >= TimeSpan.Zero));
        Assert.True(c.Steps.Count(s => s.IsOpen && s.Is(StepKind.Revisit)) <= 1);
        Assert.True(now >= c.ReceivedAt);
    }
}

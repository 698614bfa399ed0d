using System.Text.Json;
using AfterSales.Complaints;
using AfterSales.Notifications;
using AfterSales.WorkItems;

namespace AfterSales.Tests.Notifications;

/// <summary>Who is told of what: the plain rules, without storage.</summary>
public class NoticeRulesTests
{
    private static readonly Staff Owner = new("u-wang", "王芳");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-05T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static RecordEvent Event(IEventData data, Staff by) => RecordEvent.From(new DomainEvent(data, by, Now), "complaint", "KS-202611-0001", 3);

    [Fact]
    public void AnOpenedStepIsNewWorkForItsDepartmentAndTheOwnerHearsOfTheChange()
    {
        var step = new OpenedStep("s2", "remoteSolution", Department.Quality, Now.AddHours(24));
        var notices = NoticeRules.For(Event(new Triaged(HandlingPath.QualityRemote, "x", ComplaintState.InProgress, step), new Staff("u-li", "李强")), Owner);

        Assert.Collection(notices,
            n => Assert.Equal((NoticeKind.StepRouted, AudienceKind.Department, "quality"), (n.Kind, n.Audience.Kind, n.Audience.Key)),
            n => Assert.Equal((NoticeKind.RecordChanged, AudienceKind.Person, "u-wang"), (n.Kind, n.Audience.Kind, n.Audience.Key)));
        Assert.Equal("s2", notices[0].Steps.Single().Id);
    }

    [Fact]
    public void NobodyIsToldOfTheirOwnChange()
    {
        var step = new OpenedStep("s2", "remoteSolution", Department.Marketing, Now);
        var notices = NoticeRules.For(Event(new Triaged(HandlingPath.NotQualityProblem, "x", ComplaintState.InProgress, step), Owner), Owner);
        Assert.DoesNotContain(notices, n => n.Audience.Kind == AudienceKind.Person);
    }

    [Fact]
    public void AnApprovalStepGoesToManagementByMailAndToTheApproversChannelAsACard()
    {
        var step = new OpenedStep("s2", "approval", Department.Management, Now.AddHours(8));
        var notices = NoticeRules.For(Event(new Triaged(HandlingPath.MajorOnSite, "x", ComplaintState.AwaitingApproval, step), Owner), Owner);
        Assert.Equal([(NoticeKind.ApprovalRequested, NoticeChannel.Mail, "management"), (NoticeKind.ApprovalRequested, NoticeChannel.TeamsCard, "management")],
            notices.Select(n => (n.Kind, n.Channel, n.Audience.Key)));
    }

    [Fact]
    public void AnOverdueStepIsToldToItsDepartmentAndTheSupervisorsThenManagement()
    {
        var first = NoticeRules.For(Event(new StepEscalated("s1", "triage", Department.Marketing, EscalationLevel.Supervisor, "marketing/supervisor", Now), SystemActor.Instance), Owner);
        Assert.Equal([(NoticeKind.StepOverdue, AudienceKind.Department), (NoticeKind.StepEscalated, AudienceKind.Supervisors), (NoticeKind.RecordChanged, AudienceKind.Person)],
            first.Select(n => (n.Kind, n.Audience.Kind)));
        var second = NoticeRules.For(Event(new StepEscalated("s1", "triage", Department.Marketing, EscalationLevel.Management, "management", Now), SystemActor.Instance), null);
        Assert.Equal((NoticeKind.StepEscalated, "management"), (second.Single().Kind, second.Single().Audience.Key));
    }

    [Fact]
    public void EachNoticeHasOneIdPerSourceKindChannelAndAudience()
    {
        var e = Event(new StepAssigned("s1", new Staff("u-zhou", "周")), Owner);
        var a = NoticeRules.For(e, Owner).Single();
        Assert.Equal(a.Id, NoticeRules.For(e, Owner).Single().Id);
        Assert.Equal((NoticeKind.StepAssigned, "u-zhou"), (a.Kind, a.Audience.Key));
        Assert.NotEqual(a.Id, (a with { Channel = NoticeChannel.TeamsCard }).Id);
    }

    [Fact]
    public void TheOwnersNoticeOfAChangeIsOnePerChangeWhoeverOwnsTheRecord()
    {
        // A redelivery after the record changed hands must not tell the new owner of the same change again.
        var e = Event(new StepAssigned("s1", new Staff("u-zhou", "周")), new Staff("u-li", "李"));
        var toWang = NoticeRules.For(e, Owner).Single(n => n.Kind == NoticeKind.RecordChanged);
        var toZhao = NoticeRules.For(e, new Staff("u-zhao", "赵")).Single(n => n.Kind == NoticeKind.RecordChanged);
        Assert.NotEqual(toWang.Audience.Key, toZhao.Audience.Key);
        Assert.Equal(toWang.Id, toZhao.Id);
        Assert.NotEqual(toWang.Id, NoticeRules.For(Event(new StepAssigned("s1", new Staff("u-zhou", "周")), new Staff("u-li", "李")), Owner)
            .Single(n => n.Kind == NoticeKind.RecordChanged).Id); // another change: another notice
    }

    [Fact]
    public void OnlyPropertiesShapedLikeAnOpenedStepCount()
    {
        var data = JsonSerializer.SerializeToElement(new { step = new { id = "s1", kind = "triage", department = "marketing", dueAt = Now }, other = new { id = "x" } }, Json.Options);
        Assert.Equal("s1", NoticeRules.OpenedSteps(data).Single().Id);
    }
}

using System.Text.Json;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Notifications;

/// <summary>
/// Who is told of a committed change, and of what (plain C#: the event and the record's
/// first-contact owner in, notices out). Work items are told by their shape, whatever the record:
/// any event carrying an opened step (<see cref="OpenedStep"/>) routes work to that step's
/// department, so returns, CAPA measures and visits need no rule of their own here.
/// </summary>
public static class NoticeRules
{
    public const string ApprovalStep = "approval";

    public static IReadOnlyList<Notice> For(RecordEvent e, Staff? owner)
    {
        var notices = new List<Notice>();
        Notice New(NoticeKind kind, Audience to, IReadOnlyList<StepFacts> steps, NoticeChannel channel = NoticeChannel.Mail) =>
            new(kind, channel, to, e.Id, e.RecordKind, e.RecordId) { Steps = steps, By = e.By, At = e.At, Note = e.Reason, Change = e.Type };

        var opened = OpenedSteps(e.Data);
        foreach (var approval in opened.Where(s => s.Kind == ApprovalStep))
        {
            notices.Add(New(NoticeKind.ApprovalRequested, Audience.Of(approval.Department), [approval]));
            notices.Add(New(NoticeKind.ApprovalRequested, Audience.Approvers, [approval], NoticeChannel.TeamsCard));
        }
        foreach (var department in opened.Where(s => s.Kind != ApprovalStep).GroupBy(s => s.Department))
        {
            notices.Add(New(NoticeKind.StepRouted, Audience.Of(department.Key), [.. department]));
        }
        if (e.Is<StepTransferred>() && e.Read<StepTransferred>() is var t)
        {
            notices.Add(New(NoticeKind.StepTransferred, Audience.Of(t.Department), [new StepFacts(t.Step, t.StepKind, t.Department, t.DueAt) { From = t.FromDepartment }]));
        }
        if (e.Is<StepAssigned>() && e.Read<StepAssigned>() is { Assignee: { } assignee } a && assignee.Id != e.By.Id)
        {
            notices.Add(New(NoticeKind.StepAssigned, Audience.Person(assignee), [new StepFacts(a.Step, "", default, default) { Assignee = assignee }]));
        }
        if (e.Is<StepEscalated>() && e.Read<StepEscalated>() is var x)
        {
            var step = new StepFacts(x.Step, x.StepKind, x.Department, x.DueAt) { Escalation = x.Level };
            if (x.Level == EscalationLevel.Supervisor)
            {
                notices.Add(New(NoticeKind.StepOverdue, Audience.Of(x.Department), [step]));
                notices.Add(New(NoticeKind.StepEscalated, Audience.Supervisors, [step]));
            }
            else
            {
                notices.Add(New(NoticeKind.StepEscalated, Audience.Of(Department.Management), [step]));
            }
        }
        if (e.Is<TechnicianDispatched>() && e.Read<TechnicianDispatched>() is var d)
        {
            notices.Add(New(NoticeKind.VisitAssigned, Audience.Person(d.Technician), [new StepFacts(d.Step, "onSiteService", Department.Technical, d.DueAt)]));
        }
        if (e.Is<ApprovalGranted>() || e.Is<ApprovalRejected>())
        {
            notices.Add(New(NoticeKind.ApprovalDecided, Audience.Approvers, [], NoticeChannel.TeamsCard));
        }
        // The owner hears of every change they did not make themselves, once per change.
        if (owner is not null && owner.Id != e.By.Id && !notices.Any(n => n.Audience.Kind == AudienceKind.Person && n.Audience.Key == owner.Id))
        {
            notices.Add(New(NoticeKind.RecordChanged, Audience.Person(owner), opened));
        }
        return notices;
    }

    /// <summary>The steps an event opened: every top-level property shaped like <see cref="OpenedStep"/>.</summary>
    public static IReadOnlyList<StepFacts> OpenedSteps(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var steps = new List<StepFacts>();
        foreach (var property in data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            var v = property.Value;
            if (v.TryGetProperty("id", out var id) && v.TryGetProperty("kind", out var kind) && v.TryGetProperty("department", out var department)
                && v.TryGetProperty("dueAt", out var due) && due.TryGetDateTimeOffset(out var dueAt)
                && Departments.TryParse(department.GetString(), out var d) && id.GetString() is { } stepId && kind.GetString() is { } stepKind)
            {
                steps.Add(new StepFacts(stepId, stepKind, d, dueAt));
            }
        }
        return steps;
    }
}

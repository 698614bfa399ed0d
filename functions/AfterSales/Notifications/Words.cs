using System.Globalization;
using AfterSales.Kernel;

namespace AfterSales.Notifications;

/// <summary>
/// The words notices use: every code's zh-CN/English name from the modules' vocabularies (step
/// kinds, paths, states of any record kind), the company's time zone for due times, and the
/// phrases of the notices themselves.
/// </summary>
public sealed class Words(IEnumerable<FeatureModule> modules, TimeZoneInfo zone)
{
    private readonly IReadOnlyList<VocabularyList> _lists = [.. modules.SelectMany(m => m.Vocabulary)];

    /// <summary>The name of a code, looked up in the named list first, then in any list; the code itself when unknown.</summary>
    public string Of(string? code, Language language, string list)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }
        var term = _lists.Where(l => l.Name == list).SelectMany(l => l.Terms).FirstOrDefault(t => t.Code == code)
            ?? _lists.SelectMany(l => l.Terms).FirstOrDefault(t => t.Code == code);
        return term is null ? code : language.Pick(term.Zh, term.En);
    }

    public string Department(Department department, Language language) => language.Pick(department.Name());

    public string Step(StepFacts step, Language language) => Of(step.Kind, language, "stepKinds");

    /// <summary>A time as people at the company read it: local, to the minute, with the zone named.</summary>
    public string Time(DateTimeOffset at, Language language)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return language == Language.En
            ? local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})"
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (zone.Id is "Asia/Shanghai" or "China Standard Time" ? " (北京时间)" : $" ({zone.Id})");
    }

    /// <summary>What a change was, by its event type (<see cref="NoticeKind.RecordChanged"/>).</summary>
    public static string Change(string? type, Language language) => type switch
    {
        "Received" => language.Pick("已受理", "Received"),
        "RoutedToDepartment" => language.Pick("已分派", "Filed with a department"),
        "Triaged" => language.Pick("已完成初步分析", "Triaged"),
        "TriageRevised" => language.Pick("处理路径已变更", "Handling path revised"),
        "ApprovalGranted" => language.Pick("领导已批准", "Approved by management"),
        "ApprovalRejected" => language.Pick("领导已驳回", "Rejected by management"),
        "WorkStarted" => language.Pick("已开始处理", "Work started"),
        "TechnicianDispatched" => language.Pick("已派技术人员", "Technician dispatched"),
        "ArrivedOnSite" => language.Pick("技术人员已到达现场", "Technician arrived on site"),
        "Resolved" => language.Pick("已解决, 待顾客确认", "Resolved, awaiting the customer's confirmation"),
        "Closed" => language.Pick("已关闭", "Closed"),
        "ResolutionRejected" => language.Pick("顾客不满意, 重新处理", "Customer not satisfied, work reopened"),
        "Reopened" => language.Pick("已重新打开", "Reopened"),
        "RevisitRecorded" => language.Pick("已回访", "Revisit recorded"),
        "Linked" => language.Pick("已关联其他投诉", "Linked to another complaint"),
        "StepTransferred" => language.Pick("步骤已转交", "Step transferred"),
        "StepAssigned" => language.Pick("步骤已分配", "Step assigned"),
        "StepPaused" => language.Pick("步骤已暂停", "Step paused"),
        "StepResumed" => language.Pick("步骤已恢复", "Step resumed"),
        "StepEscalated" => language.Pick("逾期升级", "Escalated as overdue"),
        _ => type ?? "",
    };

    /// <summary>Every notice kind's name, for the vocabulary.</summary>
    public static (string Zh, string En) Kind(NoticeKind kind) => kind switch
    {
        NoticeKind.StepRouted => ("新的待办", "New work"),
        NoticeKind.StepTransferred => ("转来的待办", "Work transferred"),
        NoticeKind.StepAssigned => ("分配给您的待办", "Work assigned to you"),
        NoticeKind.StepDueSoon => ("即将到期", "Due soon"),
        NoticeKind.StepOverdue => ("已逾期", "Overdue"),
        NoticeKind.StepEscalated => ("逾期升级", "Escalated"),
        NoticeKind.ApprovalRequested => ("重大质量问题待批准", "Major quality problem awaiting approval"),
        NoticeKind.ApprovalDecided => ("重大质量问题审批结果", "Decision on a major quality problem"),
        NoticeKind.VisitAssigned => ("现场服务派工", "Field visit assigned to you"),
        NoticeKind.RecordChanged => ("您受理的投诉有更新", "Your complaint changed"),
        NoticeKind.DailyDigest => ("每日待办汇总", "Daily work list"),
        _ => (kind.ToString(), kind.ToString()),
    };
}

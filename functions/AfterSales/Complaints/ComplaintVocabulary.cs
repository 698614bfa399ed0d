using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>The words of the complaint forms for every code the complaint API speaks.</summary>
public static class ComplaintVocabulary
{
    public static IEnumerable<VocabularyList> Lists =>
    [
        VocabularyList.Of<ComplaintState>("complaintStates", s => s switch
        {
            ComplaintState.Received => ("已受理", "Received"),
            ComplaintState.AwaitingTriage => ("待初步分析", "Awaiting triage"),
            ComplaintState.AwaitingApproval => ("待领导批准处理", "Awaiting approval of the repair"),
            ComplaintState.InProgress => ("处理中", "In progress"),
            ComplaintState.Resolved => ("待顾客确认", "Resolved, awaiting confirmation"),
            ComplaintState.Closed => ("已关闭", "Closed"),
            _ => null,
        }),
        VocabularyList.Of<HandlingPath>("handlingPaths", p => p switch
        {
            HandlingPath.NotQualityProblem => ("非产品质量问题", "Not a quality problem"),
            HandlingPath.QualityRemote => ("质量问题, 远程解决", "Quality problem, solved remotely"),
            HandlingPath.GeneralOnSite => ("一般质量问题, 现场处理", "General quality problem, on site"),
            HandlingPath.MajorOnSite => ("重大质量问题, 现场记录后经批准处理", "Major quality problem, repaired on site after approval"),
            HandlingPath.ReturnExchange => ("退换货", "Return or exchange"),
            _ => null,
        }),
        VocabularyList.Of<StepKind>("stepKinds", k => k switch
        {
            StepKind.Triage => ("初步分析", "Preliminary analysis"),
            StepKind.RemoteSolution => ("远程解决", "Remote solution"),
            StepKind.Approval => ("领导批准", "Management approval"),
            StepKind.OnSiteService => ("现场服务", "On-site service"),
            StepKind.ReturnExchange => ("退换货处理", "Return or exchange"),
            StepKind.CustomerConfirmation => ("顾客确认", "Customer confirmation"),
            StepKind.Revisit => ("回访", "Revisit"),
            StepKind.ArrivalPromise => ("到场承诺", "Arrival promise to the customer"),
            _ => null,
        }),
        VocabularyList.Of<OnSitePhase>("onSitePhases", p => p switch
        {
            OnSitePhase.Dispatch => ("待派工", "Awaiting dispatch"),
            OnSitePhase.Arrival => ("赶赴现场", "On the way"),
            OnSitePhase.Service => ("现场处理", "On site"),
            OnSitePhase.Inspection => ("现场勘查, 待领导批准", "On site, findings for the leader"),
            _ => null,
        }),
        VocabularyList.Of<Channel>("channels", c => c switch
        {
            Channel.Phone => ("电话", "Phone"),
            Channel.Email => ("电子邮件", "E-mail"),
            Channel.WebForm => ("网站表单", "Web form"),
            Channel.Visit => ("来访", "Visit"),
            Channel.Fax => ("传真", "Fax"),
            Channel.Letter => ("信函", "Letter"),
            Channel.ServiceCentre => ("异地服务中心", "Off-site service centre"),
            _ => null,
        }),
        VocabularyList.Of<WorkKind>("workKinds", k => k switch
        {
            WorkKind.Complaint => ("投诉", "Complaint"),
            WorkKind.RepairCall => ("报修", "Repair call"),
            WorkKind.Installation => ("安装调试", "Installation and commissioning"),
            WorkKind.Return => ("退换货", "Return or exchange"),
            WorkKind.Consultation => ("咨询", "Consultation"),
            _ => null,
        }),
        VocabularyList.Of<ArrivalRule>("arrivalRules", r => r switch
        {
            ArrivalRule.InProvince => ("省内24小时到达", "Within 24 h, home province"),
            ArrivalRule.OutOfProvince => ("省外48小时到达", "Within 48 h, other provinces"),
            ArrivalRule.Agreed => ("与顾客约定时间", "Time agreed with the customer"),
            _ => null,
        }),
    ];
}

using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Departments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Web;

/// <summary>A code the API uses, with what people read for it in Chinese and English.</summary>
public sealed record Term(string Code, string Zh, string En);

/// <summary>
/// The words of the paper forms for every code the API speaks (states, paths, steps,
/// departments, channels, ...), so screens and reports show 待分析 or "Awaiting triage" rather
/// than <c>awaitingTriage</c>.
/// </summary>
public static class Vocabulary
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Term>> All = new Dictionary<string, IReadOnlyList<Term>>
    {
        ["complaintStates"] = Terms<ComplaintState>(s => s switch
        {
            ComplaintState.Received => ("已受理", "Received"),
            ComplaintState.AwaitingTriage => ("待初步分析", "Awaiting triage"),
            ComplaintState.AwaitingApproval => ("待领导批准", "Awaiting approval"),
            ComplaintState.InProgress => ("处理中", "In progress"),
            ComplaintState.Resolved => ("待顾客确认", "Resolved, awaiting confirmation"),
            ComplaintState.Closed => ("已关闭", "Closed"),
            _ => null,
        }),
        ["handlingPaths"] = Terms<HandlingPath>(p => p switch
        {
            HandlingPath.NotQualityProblem => ("非产品质量问题", "Not a quality problem"),
            HandlingPath.QualityRemote => ("质量问题, 远程解决", "Quality problem, solved remotely"),
            HandlingPath.GeneralOnSite => ("一般质量问题, 现场处理", "General quality problem, on site"),
            HandlingPath.MajorOnSite => ("重大质量问题, 批准后现场处理", "Major quality problem, on site after approval"),
            HandlingPath.ReturnExchange => ("退换货", "Return or exchange"),
            _ => null,
        }),
        ["stepKinds"] = Terms<StepKind>(k => k switch
        {
            StepKind.Triage => ("初步分析", "Preliminary analysis"),
            StepKind.RemoteSolution => ("远程解决", "Remote solution"),
            StepKind.Approval => ("领导批准", "Management approval"),
            StepKind.OnSiteService => ("现场服务", "On-site service"),
            StepKind.ReturnExchange => ("退换货处理", "Return or exchange"),
            StepKind.CustomerConfirmation => ("顾客确认", "Customer confirmation"),
            StepKind.Revisit => ("回访", "Revisit"),
            _ => null,
        }),
        ["onSitePhases"] = Terms<OnSitePhase>(p => p switch
        {
            OnSitePhase.Dispatch => ("待派工", "Awaiting dispatch"),
            OnSitePhase.Arrival => ("赶赴现场", "On the way"),
            OnSitePhase.Service => ("现场处理", "On site"),
            _ => null,
        }),
        ["departments"] = Terms<Department>(d => (d.ChineseName(), d switch
        {
            Department.Marketing => "Marketing",
            Department.Quality => "Quality",
            Department.Technical => "Technical center",
            Department.Procurement => "Procurement and supply",
            Department.Management => "Management",
            _ => d.ToString(),
        })),
        ["channels"] = Terms<Channel>(c => c switch
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
        ["workKinds"] = Terms<WorkKind>(k => k switch
        {
            WorkKind.Complaint => ("投诉", "Complaint"),
            WorkKind.RepairCall => ("报修", "Repair call"),
            WorkKind.Installation => ("安装调试", "Installation and commissioning"),
            WorkKind.Return => ("退换货", "Return or exchange"),
            WorkKind.Consultation => ("咨询", "Consultation"),
            _ => null,
        }),
        ["pauseReasons"] = Terms<PauseReason>(r => r switch
        {
            PauseReason.WaitingOnCustomer => ("等待顾客", "Waiting on the customer"),
            PauseReason.WaitingOnParts => ("等待备件", "Waiting on parts"),
            _ => null,
        }),
        ["escalationLevels"] = Terms<EscalationLevel>(l => l switch
        {
            EscalationLevel.None => ("未升级", "Not escalated"),
            EscalationLevel.Supervisor => ("已报售后服务主管", "Escalated to the supervisor"),
            EscalationLevel.Management => ("已报公司领导", "Escalated to management"),
            _ => null,
        }),
        ["customerGrades"] = Terms<CustomerGrade>(g => (g.Name().Zh, g.Name().En)),
        ["enterpriseTypes"] = Terms<EnterpriseType>(t => (t.Name().Zh, t.Name().En)),
        ["duplicateReasons"] = Terms<DuplicateReason>(r => r switch
        {
            DuplicateReason.SameName => ("客户名称相同", "Same name"),
            DuplicateReason.SamePhone => ("电话相同", "Same phone number"),
            _ => null,
        }),
    };

    public static IEndpointRouteBuilder MapVocabulary(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/vocabulary", () => TypedResults.Ok(All)).WithTags("Reference").WithName("GetVocabulary")
            .WithSummary("Every code the API uses, with its zh-CN and English names.")
            .RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>Terms for every value of <typeparamref name="T"/>; a value without words fails at start-up.</summary>
    private static IReadOnlyList<Term> Terms<T>(Func<T, (string Zh, string En)?> words) where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => words(v) is { } w
            ? new Term(ComplaintLifecycle.Code(v), w.Zh, w.En)
            : throw new InvalidOperationException($"{typeof(T).Name}.{v} has no zh-CN/English name in Vocabulary."))];
}

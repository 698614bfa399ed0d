using AfterSales.Attachments;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.Extensions.Options;

namespace AfterSales.FieldService;

/// <summary>How visits are kept: their record kind, table and what their steps show in the inboxes.</summary>
public static class VisitRecords
{
    /// <summary>One partition per service report (售后服务报告): the report, its history, its keys (its documents attach to the complaint).</summary>
    public const string ReportsTable = "ServiceReports";

    public static readonly RecordKind<CommissioningJob> Commissioning = new(CommissioningJobs.Kind, CommissioningJobs.Table, "commissioning job", j => j.Id)
    {
        Columns = (row, j) => row["Stage"] = Codes.Of(j.Stage),
    };

    public static readonly WorkItemAccess<CommissioningJob> CommissioningSteps = new(
        j => j.Steps,
        (j, steps) => j with { Steps = steps },
        j => new InboxSummary($"{j.Id} · {j.CustomerName} · {j.Product}", j.OpenedBy, Codes.Of(j.Stage)));

    public static readonly RecordKind<ServiceReport> Reports = new("serviceReport", ReportsTable, "service report", r => r.Id)
    {
        Columns = (row, r) => row["ComplaintNumber"] = r.ComplaintNumber,
    };

    public const string Kind = "visit";

    /// <summary>One partition per visit: the visit, its history, its keys, its attachments, its inbox projection state.</summary>
    public const string Table = "Visits";

    public static readonly RecordKind<Visit> Definition = new(Kind, Table, "visit", v => v.Id)
    {
        Columns = (row, v) =>
        {
            row["Stage"] = Codes.Of(v.Stage);
            row["ComplaintNumber"] = v.ComplaintNumber;
        },
    };

    public static readonly WorkItemAccess<Visit> Steps = new(
        v => v.Steps,
        (v, steps) => v with { Steps = steps },
        v => new InboxSummary($"{v.Id} · {v.CustomerName}", v.Technicians[0], Codes.Of(v.Stage)));
}

/// <summary>Opens the field visit when a complaint's technician is dispatched (the complaint keeps the arrival promise).</summary>
public sealed class OpenVisitOnDispatch(Visits visits) : IFeedSubscriber
{
    public Task HandleAsync(RecordEvent e, CancellationToken ct) => visits.OpenAsync(e, ct);
}

/// <summary>
/// Field service (现场服务): the technicians' visits with the external technical service record card
/// (对外技术服务记录卡), filled on site, saved as drafts, completed with the customer's signed card
/// (docs/field-service.md).
/// </summary>
public sealed class FieldServiceModule : FeatureModule
{
    public override string Name => "FieldService";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [VisitRecords.Table, VisitRecords.ReportsTable, CommissioningJobs.Table, FieldWorkIndex.Table]);

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        FeedSubscription.For<OpenVisitOnDispatch>(e => e.IsComplaint() && e.Is<TechnicianDispatched>()).IdempotentByKey(), // the visit's id: complaint and event
        FeedSubscription.For<TellComplaintOfArrival>(e => e.RecordKind == VisitRecords.Kind && e.Is<ServiceCardSaved>()).GuardedByRecordVersion(),
        FeedSubscription.For<TellComplaintOfServiceReport>(e => e.RecordKind == VisitRecords.Reports.Name).GuardedByRecordVersion(),
        FeedSubscription.For<ResolveComplaintOnVerifiedVisit>(e => e.RecordKind == VisitRecords.Kind && e.Is<VisitCompleted>()).GuardedByRecordVersion(),
        FeedSubscription.For<IndexVisit>(e => e.RecordKind == VisitRecords.Kind).ProjectsTheRecord(),
        FeedSubscription.For<IndexCommissioningJob>(e => e.RecordKind == CommissioningJobs.Kind).ProjectsTheRecord(),
    ];

    public override void AddPolicies(Microsoft.AspNetCore.Authorization.AuthorizationBuilder policies) => policies
        .AddPolicy(ServiceReportsApi.FilePolicy, Access.Policies.Requiring(Roles.Technical, Roles.Technician, Roles.Supervisor))
        .AddPolicy(ServiceReportsApi.ReceivePolicy, Access.Policies.Requiring(Roles.Quality))
        .AddPolicy(CommissioningJobs.OpenPolicy, Access.Policies.Requiring(Roles.Technical, Roles.Marketing, Roles.Supervisor));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FieldServiceOptions>().BindConfiguration(FieldServiceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FieldServiceOptions>, FieldServiceOptionsValidation>();
        services.AddRecords(VisitRecords.Definition);
        services.AddWorkItemHost(VisitRecords.Steps, sp => sp.GetRequiredService<IOptions<FieldServiceOptions>>().Value.EscalateToManagementAfter);
        services.AddAttachments<Visit>(VisitAccess.DemandRead, Visits.Demand);
        services.AddSingleton<Visits>();
        services.AddRecords(VisitRecords.Reports);
        services.AddSingleton<ServiceReports>();
        services.AddRecords(VisitRecords.Commissioning);
        services.AddWorkItemHost(VisitRecords.CommissioningSteps, sp => sp.GetRequiredService<IOptions<FieldServiceOptions>>().Value.EscalateToManagementAfter);
        services.AddAttachments<CommissioningJob>(CommissioningAccess.DemandRead, CommissioningJobs.Demand);
        services.AddSingleton<CommissioningJobs>();
        services.AddSingleton<FieldWorkIndex>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapVisitsApi();
        app.MapServiceReportsApi();
        app.MapCommissioningApi();
    }

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<VisitStage>("visitStages", s => s switch
        {
            VisitStage.Travelling => ("已派工, 在途", "Dispatched, travelling"),
            VisitStage.OnSite => ("在现场", "On site"),
            VisitStage.Completed => ("已完成, 顾客已签字", "Completed, signed by the customer"),
            _ => null,
        }),
        VocabularyList.Of<CommissioningStage>("commissioningStages", s => s switch
        {
            CommissioningStage.Planned => ("已计划, 待现场确认", "Planned, site to be checked"),
            CommissioningStage.InProgress => ("安装调试中", "Installing and commissioning"),
            CommissioningStage.Accepted => ("已验收, 待回访", "Accepted, revisit due"),
            CommissioningStage.Closed => ("已回访, 已关闭", "Revisited, closed"),
            _ => null,
        }),
        VocabularyList.Of<AcceptanceResult>("acceptanceResults", r => r switch
        {
            AcceptanceResult.Accepted => ("验收合格", "Accepted"),
            AcceptanceResult.AcceptedWithOpenPoints => ("有遗留问题验收", "Accepted with open points"),
            _ => null,
        }),
    ];
}

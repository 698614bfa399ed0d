using AfterSales.ChangeFeed;
using AfterSales.Functions;
using AfterSales.Kernel;

namespace AfterSales.WorkItems;

/// <summary>The work-item engine: every department's inbox, whatever the record kind, and escalation of late work.</summary>
public sealed class WorkItemsModule : FeatureModule
{
    public override string Name => "Work items";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [Inbox.Table]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        new(nameof(EscalateOverdueSteps), new TimerTrigger("0 */5 * * * *"), typeof(EscalateOverdueSteps)),
    ];

    /// <summary>The inbox follows every change of the kinds of record that carry work items.</summary>
    public override IEnumerable<FeedSubscription> Subscriptions =>
        [FeedSubscription.For<ProjectWorkItems>(services => services.GetRequiredService<WorkItemHosts>().Carries).ProjectsTheRecord()];

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<PauseReason>("pauseReasons", r => r switch
        {
            PauseReason.WaitingOnCustomer => ("等待顾客", "Waiting on the customer"),
            PauseReason.WaitingOnParts => ("等待备件", "Waiting on parts"),
            _ => null,
        }),
        VocabularyList.Of<EscalationLevel>("escalationLevels", l => l switch
        {
            EscalationLevel.None => ("未升级", "Not escalated"),
            EscalationLevel.Supervisor => ("已报售后服务主管", "Escalated to the supervisor"),
            EscalationLevel.Management => ("已报公司领导", "Escalated to management"),
            _ => null,
        }),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Inbox>();
        services.AddSingleton<WorkItemHosts>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapInboxApi();
}

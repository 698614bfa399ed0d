using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Functions;
using AfterSales.Kernel;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

/// <summary>
/// Telling people (通知): departments, supervisors, management and the people on a record hear of
/// their work by Outlook mail through Microsoft Graph; major quality problems go to the approvers'
/// Teams channel as an Adaptive Card whose signed links decide them. A change-feed subscriber
/// makes the notices; a queue sends them, retrying on throttling; timers remind of due work and
/// send the daily digest. In Development everything lands in a local outbox instead.
/// </summary>
public sealed class NotificationsModule : FeatureModule
{
    public override string Name => "Notifications";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [NotificationStore.Table], queues: [NotificationStore.Queue]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        new(nameof(SendNotifications), new QueueTrigger(NotificationStore.Queue), typeof(SendNotifications)),
        new(nameof(RemindDueWork), new TimerTrigger(RemindDueWork.Schedule), typeof(RemindDueWork)),
        new(nameof(SendDailyDigests), new TimerTrigger(SendDailyDigests.Schedule), typeof(SendDailyDigests)),
    ];

    /// <summary>
    /// A mail cannot be taken back, so a redelivered event must not make its notices again: each
    /// notice's id is made from the event, its kind, channel and audience, so the second try finds
    /// it made (and queues it again only if it was never sent). No receipts: two storage requests a change fewer.
    /// </summary>
    public override IEnumerable<FeedSubscription> Subscriptions =>
        [FeedSubscription.For<NotifyPeople>(services =>
        {
            var sources = services.GetRequiredService<RecordFactsSources>();
            return e => sources.Knows(e.RecordKind);
        }).IdempotentByKey()];

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<NoticeKind>("noticeKinds", k => Words.Kind(k)),
        VocabularyList.Of<NotificationStatus>("notificationStatuses", s => s switch
        {
            NotificationStatus.Queued => ("待发送", "Queued"),
            NotificationStatus.Sending => ("发送中", "Sending"),
            NotificationStatus.Retrying => ("等待重试", "Waiting to retry"),
            NotificationStatus.Sent => ("已发送", "Sent"),
            NotificationStatus.Failed => ("发送失败", "Failed"),
            NotificationStatus.Skipped => ("无收件人, 未发送", "Skipped: nobody to send to"),
            _ => null,
        }),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .Validate(o => !o.Problems().Any(), "Notifications settings are not valid: check MaxAttempts, RetryDelay, DigestHour, DueSoonWindow, department codes and languages (zh-CN or en).")
            .ValidateOnStart();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section);
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section);
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section);
        services.AddSingleton(sp => GraphCredential.From(sp.GetRequiredService<IOptions<GraphOptions>>().Value, sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<GraphGateway>();
        services.AddHttpClient(TeamsWebhook.Client, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<TeamsWebhook>();
        services.AddSingleton<LocalOutbox>();
        services.AddSingleton<AddressBook>();
        services.AddSingleton(sp => new Words(sp.GetServices<FeatureModule>(), sp.GetRequiredService<IOptions<ServiceOptions>>().Value.Zone()));
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<ApprovalCards>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<IRecordFacts, ComplaintFacts>();
        services.AddSingleton<RecordFactsSources>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapApprovalLinks();
        app.MapNotificationsAdmin();
    }
}

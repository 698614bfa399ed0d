using AfterSales.Functions;
using AfterSales.Records;

namespace AfterSales.ChangeFeed;

/// <summary>The change feed: announcements, publishing, the log, receipts, and the admin endpoints to look after it.</summary>
public sealed class ChangeFeedModule : FeatureModule
{
    public override string Name => "Change feed";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [FeedLog.Table, FeedReceipts.Table], queues: [ChangeFeed.Queue]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        new(nameof(PublishChanges), new QueueTrigger(ChangeFeed.Queue), typeof(PublishChanges)),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RecordKinds>();
        services.AddSingleton<FeedSubscriptions>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<FeedFanOut>();
        services.AddSingleton<FeedDelivery>();
        services.AddSingleton<FeedLog>();
        services.AddSingleton<FeedReceipts>();
        services.AddSingleton<FeedReplay>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapFeedAdminApi();
}

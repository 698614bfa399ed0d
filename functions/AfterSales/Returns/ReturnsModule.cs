using AfterSales.Access;
using AfterSales.Attachments;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AfterSales.Returns;

/// <summary>The role rules of returns and exchanges.</summary>
public static class ReturnPolicies
{
    /// <summary>Read return orders: procurement and quality who work them, marketing who owns the complaints, supervisors and management.</summary>
    public const string Read = "returns-read";
    /// <summary>Open and work return orders (采供保障部): procurement only.</summary>
    public const string Own = "returns-own";
    /// <summary>Inspect returned goods: quality only.</summary>
    public const string Inspect = "returns-inspect";
}

/// <summary>How return orders are kept: their record kind, tables and what their steps show in the inboxes.</summary>
public static class ReturnRecords
{
    public const string Kind = "returnOrder";

    /// <summary>One partition per return order: the order, its history, its keys, its inbox projection state.</summary>
    public const string Table = "Returns";

    public static readonly RecordKind<ReturnOrder> Definition = new(Kind, Table, "return order", r => r.Id)
    {
        Columns = (row, r) =>
        {
            row["Stage"] = Codes.Of(r.Stage);
            row["ComplaintNumber"] = r.ComplaintNumber;
        },
    };

    public static readonly WorkItemAccess<ReturnOrder> Steps = new(
        r => r.Steps,
        (r, steps) => r with { Steps = steps },
        r => new InboxSummary($"{r.Id} · {r.CustomerName}", r.OpenedBy, Codes.Of(r.Stage), Codes.Of(r.Kind)));

    /// <summary>The roles that read return orders (<see cref="ReturnPolicies.Read"/>).</summary>
    public static readonly IReadOnlyList<string> Readers = [Roles.Marketing, Roles.Quality, Roles.Procurement, Roles.Supervisor, Roles.Management];

    public static bool IsReturnOrder(this RecordEvent e) => e.RecordKind == Kind;
}

/// <summary>Returns and exchanges (退换货): return orders opened from complaints, worked by procurement, inspected by quality.</summary>
public sealed class ReturnsModule : FeatureModule
{
    public override string Name => "Returns";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [ReturnRecords.Table, ReturnIndex.Table]);

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        // Both work from the order as it now is, so a repeated or late event changes nothing.
        FeedSubscription.For<IndexReturnOrder>(e => e.IsReturnOrder()).ProjectsTheRecord(),
        FeedSubscription.For<TellComplaintOfReturn>(e => e.IsReturnOrder() && (e.Is<ReturnAuthorised>() || e.Is<ReturnClosed>() || e.Is<ReturnCancelled>()))
            .GuardedByRecordVersion(),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(ReturnPolicies.Read, Policies.Requiring([.. ReturnRecords.Readers]))
        .AddPolicy(ReturnPolicies.Own, Policies.Requiring(Roles.Procurement))
        .AddPolicy(ReturnPolicies.Inspect, Policies.Requiring(Roles.Quality));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReturnOptions>().BindConfiguration(ReturnOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReturnOptions>, ReturnOptionsValidation>();
        services.AddRecords(ReturnRecords.Definition);
        services.AddWorkItemHost(ReturnRecords.Steps, sp => sp.GetRequiredService<IOptions<ReturnOptions>>().Value.EscalateToManagementAfter);
        services.AddSingleton<ReturnOrders>();
        services.AddSingleton<ReturnIndex>();
        services.AddAttachments<ReturnOrder>((user, _) =>
        {
            if (!ReturnRecords.Readers.Any(user.IsInRole))
            {
                throw new AccessDeniedException("Return orders are read by marketing, quality, procurement, supervisors and management.");
            }
        }, ReturnNumbers.Demand);
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapReturnsApi();

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<ReturnKind>("returnKinds", k => k switch
        {
            ReturnKind.Return => ("退货", "Return (refund)"),
            ReturnKind.Exchange => ("换货", "Exchange (replacement)"),
            _ => null,
        }),
        VocabularyList.Of<ReturnStage>("returnStages", s => s switch
        {
            ReturnStage.AwaitingShipment => ("已授权, 待取件/寄回", "Authorised, awaiting pickup or shipment"),
            ReturnStage.InTransit => ("退回途中", "In transit"),
            ReturnStage.AwaitingInspection => ("已收货, 待质量检验", "Received, awaiting inspection"),
            ReturnStage.AwaitingReplacement => ("待发换货", "Awaiting replacement shipment"),
            ReturnStage.AwaitingRefund => ("待退款", "Awaiting refund"),
            ReturnStage.AwaitingClosure => ("待确认关闭", "Awaiting closure"),
            ReturnStage.Closed => ("已关闭", "Closed"),
            ReturnStage.Cancelled => ("已取消", "Cancelled"),
            _ => null,
        }),
        VocabularyList.Of<ReturnStep>("returnSteps", s => s switch
        {
            ReturnStep.Shipment => ("安排取件/寄回", "Pickup or shipment"),
            ReturnStep.Receipt => ("收货", "Receipt"),
            ReturnStep.Inspection => ("退货检验", "Inspection"),
            ReturnStep.Replacement => ("发出换货", "Replacement shipment"),
            ReturnStep.Refund => ("退款", "Refund"),
            ReturnStep.Closure => ("关闭", "Closure"),
            _ => null,
        }),
        VocabularyList.Of<ShippingMethod>("shippingMethods", m => m switch
        {
            ShippingMethod.Pickup => ("上门取件", "Pickup"),
            ShippingMethod.CustomerShips => ("客户寄回", "Sent by the customer"),
            _ => null,
        }),
        VocabularyList.Of<InspectionResult>("inspectionResults", r => r switch
        {
            InspectionResult.DefectConfirmed => ("确认不良", "Defect confirmed"),
            InspectionResult.NoDefectFound => ("未发现不良", "No defect found"),
            _ => null,
        }),
        VocabularyList.Of<Responsibility>("responsibilities", r => r switch
        {
            Responsibility.Supplier => ("供应商责任", "Supplier"),
            Responsibility.Production => ("生产责任", "Production"),
            Responsibility.Transport => ("运输责任", "Transport"),
            Responsibility.CustomerMisuse => ("客户使用不当", "Customer misuse"),
            _ => null,
        }),
        VocabularyList.Of<ReturnOutcome>("returnOutcomes", o => o switch
        {
            ReturnOutcome.Replaced => ("已换货", "Replaced"),
            ReturnOutcome.Refunded => ("已退款", "Refunded"),
            ReturnOutcome.Cancelled => ("已取消", "Cancelled"),
            _ => null,
        }),
    ];
}

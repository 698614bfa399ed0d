using AfterSales.Access;
using AfterSales.Attachments;
using AfterSales.ChangeFeed;
using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>The role rules of complaint handling.</summary>
public static class ComplaintPolicies
{
    /// <summary>Preliminary analysis and classification (初步分析): marketing, quality, technical, supervisors.</summary>
    public const string Triage = "triage";
    /// <summary>Approve the handling of a major quality problem (重大质量问题): management only.</summary>
    public const string ApproveMajor = "approve-major";
    /// <summary>Dispatch service staff and technicians: marketing, technical, supervisors.</summary>
    public const string Dispatch = "dispatch";

    /// <summary>The roles of the preliminary analysis (<see cref="Triage"/>).</summary>
    public static readonly string[] TriageRoles = [Roles.Marketing, Roles.Quality, Roles.Technical, Roles.Supervisor];

    /// <summary>The roles that send people on site (<see cref="Dispatch"/>).</summary>
    public static readonly string[] DispatchRoles = [Roles.Marketing, Roles.Technical, Roles.Supervisor];
}

/// <summary>Complaints (投诉受理 to closing): intake, numbering, the lifecycle, lists, the public web form and status links.</summary>
public sealed class ComplaintsModule : FeatureModule
{
    public override string Name => "Complaints";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [ComplaintRecords.Table, ComplaintRecords.NumbersTable, ComplaintRecords.IndexTable, ComplaintRecords.ByCustomerTable]);

    public override IEnumerable<FunctionDefinition> Functions =>
    [
        // Rarely needed: only an intake that stopped between its two writes leaves work for it.
        new(nameof(CompleteIntakes), new TimerTrigger("0 */10 * * * *"), typeof(CompleteIntakes)),
    ];

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        // Routing acts only on a complaint still received; the list row carries the version it shows.
        FeedSubscription.For<RouteComplaint>(e => e.IsComplaint() && e.Is<ComplaintReceived>()).GuardedByRecordVersion(),
        FeedSubscription.For<IndexComplaint>(e => e.IsComplaint()).ProjectsTheRecord(),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(ComplaintPolicies.Triage, Policies.Requiring(ComplaintPolicies.TriageRoles))
        .AddPolicy(ComplaintPolicies.ApproveMajor, Policies.Requiring(Roles.Management))
        .AddPolicy(ComplaintPolicies.Dispatch, Policies.Requiring(ComplaintPolicies.DispatchRoles));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // Wrong service rules stop the app at start, naming each setting, rather than failing intakes later.
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidation>();
        services.AddRecords(ComplaintRecords.Definition);
        services.AddWorkItemHost(ComplaintRecords.Steps, sp => sp.GetRequiredService<IOptions<ServiceOptions>>().Value.EscalateToManagementAfter);
        services.AddSingleton<ComplaintNumbering>();
        services.AddSingleton<ComplaintIndex>();
        services.AddSingleton<ComplaintService>();
        services.AddScoped<ComplaintIntake>();
        services.AddSingleton<FirstContactOwners>();
        // Photos, scans and reports on a complaint: whoever reads it lists, downloads and attaches them.
        services.AddAttachments<Complaint>(ComplaintAccess.Demand, ComplaintNumber.Demand);
    }

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapComplaintsApi();
        app.MapComplaintsPublicApi();
    }

    public override IEnumerable<VocabularyList> Vocabulary => [.. ComplaintVocabulary.Lists, Provinces.Vocabulary];
}

internal sealed class ServiceOptionsValidation : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

using AfterSales.Access;
using AfterSales.Attachments;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AfterSales.Capa;

/// <summary>The role rules of the CAPA loop (record rules, such as the responsible department, are in <see cref="CapaAccess"/>).</summary>
public static class CapaPolicies
{
    /// <summary>Open, link complaints, notify, verify the effect and close (质量管理部): quality only.</summary>
    public const string Quality = "capa-quality";
    /// <summary>Analyse the cause, plan, carry out measures: the departments, technicians who own measures, supervisors.</summary>
    public const string Work = "capa-work";
    /// <summary>Review the plan as department head: supervisors.</summary>
    public const string Review = "capa-review";
    /// <summary>Approve the plan (管理者代表): management only.</summary>
    public const string Approve = "capa-approve";
}

/// <summary>How CAPAs are kept: their record kind, tables and what their steps show in the inboxes.</summary>
public static class CapaRecords
{
    public const string Kind = "capa";

    /// <summary>One partition per CAPA: the record, its history, its keys, its inbox projection state.</summary>
    public const string Table = "Capas";

    public static readonly RecordKind<CorrectiveAction> Definition = new(Kind, Table, "CAPA", c => c.Id)
    {
        Columns = (row, c) =>
        {
            row["Stage"] = Codes.Of(c.Stage);
            row["PartNumber"] = c.PartNumber;
        },
        TooLarge = c => $"{c.Id} has grown too large to record more on it; open a new CAPA for the rest.",
    };

    public static readonly WorkItemAccess<CorrectiveAction> Steps = new(
        c => c.Steps,
        (c, steps) => c with { Steps = steps },
        c => new InboxSummary($"{c.Id} · {c.Title}", c.OpenedBy, Codes.Of(c.Stage)));

    public static bool IsCapa(this RecordEvent e) => e.RecordKind == Kind;
}

/// <summary>Corrective and preventive action (纠正和预防措施): the closed loop owned by quality, linked to the complaints it comes from.</summary>
public sealed class CapaModule : FeatureModule
{
    public override string Name => "CAPA";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [CapaRecords.Table, CapaIndex.Table]);

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        // All three work from the records as they now are, so a repeated or late event changes nothing.
        FeedSubscription.For<IndexCapa>(e => e.IsCapa()).ProjectsTheRecord(),
        FeedSubscription.For<TellComplaintsOfCapa>(e => e.IsCapa() && (e.Is<CapaOpened>() || e.Is<ComplaintsLinked>() || e.Is<CapaClosed>())).GuardedByRecordVersion(),
        FeedSubscription.For<NoteCapasOnNewComplaint>(e => e.IsComplaint() && e.Is<ComplaintReceived>()).GuardedByRecordVersion(),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(CapaPolicies.Quality, Policies.Requiring(Roles.Quality))
        .AddPolicy(CapaPolicies.Work, Policies.Requiring(Roles.Quality, Roles.Technical, Roles.Procurement, Roles.Marketing, Roles.Supervisor, Roles.Technician))
        .AddPolicy(CapaPolicies.Review, Policies.Requiring(Roles.Supervisor))
        .AddPolicy(CapaPolicies.Approve, Policies.Requiring(Roles.Management));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CapaOptions>().BindConfiguration(CapaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CapaOptions>, CapaOptionsValidation>();
        services.AddRecords(CapaRecords.Definition);
        services.AddWorkItemHost(CapaRecords.Steps, sp => sp.GetRequiredService<IOptions<CapaOptions>>().Value.EscalateToManagementAfter);
        services.AddSingleton<CapaService>();
        services.AddSingleton<CapaIndex>();
        // Evidence files: anyone on staff reads a CAPA, so anyone on staff may see and attach its files.
        services.AddAttachments<CorrectiveAction>((_, _) => { }, CapaIds.Demand);
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapCapaApi();

    public override IEnumerable<VocabularyList> Vocabulary => CapaVocabulary.Lists;
}

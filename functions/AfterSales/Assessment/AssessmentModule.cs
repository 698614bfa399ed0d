using AfterSales.Access;
using AfterSales.Attachments;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales.Assessment;

/// <summary>The role rules of self-assessment.</summary>
public static class AssessmentPolicies
{
    /// <summary>Open, record and complete assessments: assessors.</summary>
    public const string Assess = "assessment-assess";
    /// <summary>Change the indicator set (a new version): assessors and admins.</summary>
    public const string Configure = "assessment-configure";
    /// <summary>Read assessments and the indicator set: assessors, admins, management, supervisors, quality.</summary>
    public const string Read = "assessment-read";
}

/// <summary>How assessments are kept: their record kind and table.</summary>
public static class AssessmentRecords
{
    public const string Kind = "assessment";

    /// <summary>One partition per assessment: the record, its history, its keys.</summary>
    public const string Table = "Assessments";

    public static readonly RecordKind<SelfAssessment> Definition = new(Kind, Table, "assessment", a => a.Id)
    {
        Columns = (row, a) => row["State"] = Codes.Of(a.State),
        TooLarge = a => $"{a.Id} has grown too large to record more on it; open a new assessment.",
    };

    public static bool IsAssessment(this RecordEvent e) => e.RecordKind == Kind;

    /// <summary>Who reads assessments (and their evidence files).</summary>
    public static readonly IReadOnlyList<string> Readers = [Roles.Assessor, Roles.Admin, Roles.Management, Roles.Supervisor, Roles.Quality];
}

/// <summary>GB/T 27922-2011 self-assessment (商品售后服务评价体系): the indicator set as data, assessments as records, the system's own evidence.</summary>
public sealed class AssessmentModule : FeatureModule
{
    public override string Name => "Assessment";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [AssessmentRecords.Table, AssessmentIndex.Table, IndicatorSets.Table]);

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        // Works from the record as it now is: a repeated or late event changes nothing.
        FeedSubscription.For<IndexAssessment>(e => e.IsAssessment()).ProjectsTheRecord(),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(AssessmentPolicies.Assess, Policies.Requiring(Roles.Assessor))
        .AddPolicy(AssessmentPolicies.Configure, Policies.Requiring(Roles.Assessor, Roles.Admin))
        .AddPolicy(AssessmentPolicies.Read, Policies.Requiring([.. AssessmentRecords.Readers]));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRecords(AssessmentRecords.Definition);
        services.AddSingleton<IndicatorSets>();
        services.AddSingleton<EvidenceCollector>();
        services.AddSingleton<AssessmentService>();
        services.AddSingleton<AssessmentIndex>();
        // Evidence files (a photo of a notice board, a signed training record) attached to the assessment itself.
        services.AddAttachments<SelfAssessment>((user, _) =>
        {
            if (!AssessmentRecords.Readers.Any(user.IsInRole))
            {
                throw new AccessDeniedException("Assessments are read by assessors, admins, management, supervisors and quality.");
            }
        }, AssessmentIds.Demand);
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAssessmentApi();

    public override IEnumerable<VocabularyList> Vocabulary => AssessmentVocabulary.Lists;
}

using AfterSales.Access;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AfterSales.Surveys;

public static class SurveyPolicies
{
    /// <summary>Make a survey on site and fill it with the customer, read one: technicians, the technical center, marketing, those who oversee.</summary>
    public const string Fill = "surveys-fill";
    /// <summary>The customer's link and the follow-up of a low score: marketing, and those who oversee.</summary>
    public const string Marketing = "surveys-marketing";
    /// <summary>Start a yearly round: marketing and admins.</summary>
    public const string Rounds = "surveys-rounds";
}

/// <summary>How surveys are kept.</summary>
public static class SurveyRecords
{
    public const string Kind = "survey";
    public const string Table = "Surveys";

    public static readonly RecordKind<Survey> Definition = new(Kind, Table, "survey", s => s.Id)
    {
        Columns = (row, s) =>
        {
            row["Round"] = s.Round;
            row["Answered"] = s.IsAnswered;
            row["ComplaintNumber"] = s.ComplaintNumber;
        },
    };

    public static readonly WorkItemAccess<Survey> Steps = new(
        s => s.Steps,
        (s, steps) => s with { Steps = steps },
        s => new InboxSummary($"{s.Id} · {s.Customer.Name} · 低分回访 / low score", null, s.IsAnswered ? "answered" : "sent"));
}

/// <summary>Satisfaction surveys (顾客满意度调查表) and their analysis (docs/surveys-and-revisits.md).</summary>
public sealed class SurveysModule : FeatureModule
{
    public override string Name => "Surveys";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [SurveyRecords.Table, SurveyAnswers.Table]);

    public override IEnumerable<FeedSubscription> Subscriptions =>
    [
        FeedSubscription.For<SendSurveyAfterService>(SendSurveyAfterService.Wants).IdempotentByKey(), // one survey per complaint, its id from the number
        FeedSubscription.For<IndexSurveyAnswer>(e => e.RecordKind == SurveyRecords.Kind && e.Is<SurveyAnswered>()),
    ];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(SurveyPolicies.Fill, Policies.Requiring(Roles.Technician, Roles.Technical, Roles.Marketing, Roles.Supervisor, Roles.Management))
        .AddPolicy(SurveyPolicies.Marketing, Policies.Requiring(Roles.Marketing, Roles.Supervisor, Roles.Management))
        .AddPolicy(SurveyPolicies.Rounds, Policies.Requiring(Roles.Marketing, Roles.Admin));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SurveyOptions>, SurveyOptionsValidation>();
        services.AddRecords(SurveyRecords.Definition);
        services.AddWorkItemHost(SurveyRecords.Steps, sp => sp.GetRequiredService<IOptions<SurveyOptions>>().Value.EscalateToManagementAfter);
        services.AddSingleton<SurveyService>();
        services.AddSingleton<SurveyAnswers>();
        services.AddSingleton<Reports.ISatisfactionFigures, SurveySatisfactionFigures>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapSurveysApi();
        app.MapSurveysPublicApi();
    }

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        VocabularyList.Of<SurveyOccasion>("surveyOccasions", o => o switch
        {
            SurveyOccasion.Service => ("服务后调查", "After a service"),
            SurveyOccasion.Round => ("年度调查", "Yearly round"),
            SurveyOccasion.OnSite => ("现场填写", "Filled on site"),
            _ => null,
        }),
        VocabularyList.Of<AnswerChannel>("surveyAnswerChannels", c => c switch
        {
            AnswerChannel.Link => ("顾客通过链接填写", "By the customer's link"),
            AnswerChannel.OnSite => ("现场与技术员一起填写", "On site with the technician"),
            _ => null,
        }),
    ];
}

using System.Text.Json.Serialization;
using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Surveys;

/// <summary>Why a survey was sent: after a service, in a yearly round to every customer, or filled on site with the technician.</summary>
public enum SurveyOccasion { Service, Round, OnSite }

/// <summary>How the answer came: the customer's link, or on site with the technician.</summary>
public enum AnswerChannel { Link, OnSite }

/// <summary>The customer surveyed: their card's id and grade when known, and the name.</summary>
public sealed record SurveyCustomer(string? Id, string Name, CustomerGrade? Grade);

/// <summary>The customer's ratings by item code, with their comment.</summary>
public sealed record SurveyAnswer(IReadOnlyDictionary<string, int> Scores, string? Comment, string? Respondent, AnswerChannel Channel, Staff? FilledBy, DateTimeOffset At);

/// <summary>
/// A satisfaction survey (顾客满意度调查表) sent to one customer: what it is about (a complaint's
/// service, a yearly round), the language of its page, the template version, the answer once
/// given (answerable once), and marketing's follow-up when any item got the bottom of the scale.
/// </summary>
public sealed record Survey
{
    public required string Id { get; init; }
    public required SurveyOccasion Occasion { get; init; }
    /// <summary>The round it belongs to: the year for a yearly round (<c>2026</c>), <c>2026-service</c> for those after services.</summary>
    public required string Round { get; init; }
    /// <summary>The complaint it follows, for a service survey.</summary>
    public string? ComplaintNumber { get; init; }
    public required SurveyCustomer Customer { get; init; }
    public string? Product { get; init; }
    /// <summary>The department that did the service (the complaint's last work step), for a service survey.</summary>
    public Department? Department { get; init; }
    /// <summary><c>zh-CN</c> (default) or <c>en</c>: the language of the customer's page.</summary>
    public required string Language { get; init; }
    public required string TemplateId { get; init; }
    public required int TemplateVersion { get; init; }
    public required Staff SentBy { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public SurveyAnswer? Answer { get; init; }
    public string? FollowUpNote { get; init; }
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];

    [JsonIgnore]
    public bool IsAnswered => Answer is not null;
}

public sealed record SurveySent(SurveyOccasion Occasion, string Round, string? ComplaintNumber, string CustomerName, string Language, int TemplateVersion) : IEventData;

/// <summary>The customer answered; items at the bottom of the scale open marketing's follow-up.</summary>
public sealed record SurveyAnswered(IReadOnlyDictionary<string, int> Scores, IReadOnlyList<string> LowItems, AnswerChannel Channel, OpenedStep? FollowUp) : IEventData;

/// <summary>Marketing followed the low score up with the customer.</summary>
public sealed record SurveyFollowedUp(string Note, bool? OnTime) : IEventData;

/// <summary>What makes a survey: for whom, about what, in which language.</summary>
public sealed record SurveyFacts(SurveyOccasion Occasion, string Round, string? ComplaintNumber, SurveyCustomer Customer, string? Product, Department? Department, string Language);

/// <summary>The answer as sent by the customer's page or the technician's phone.</summary>
public sealed record GivenAnswer(Dictionary<string, int?>? Scores, string? Comment, string? Respondent);

public sealed record FollowUp(string? Note);

/// <summary>The survey rules as plain C#: sending, answering once, following a low score up.</summary>
public static class SurveyRules
{
    public const string FollowUpStep = "surveyFollowUp";
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    public static string LanguageOf(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";

    public static Change<Survey> Send(string id, SurveyFacts f, SurveyTemplate template, Staff by, DateTimeOffset now)
    {
        var survey = new Survey
        {
            Id = id,
            Occasion = f.Occasion,
            Round = f.Round,
            ComplaintNumber = f.ComplaintNumber,
            Customer = f.Customer,
            Product = f.Product,
            Department = f.Department,
            Language = LanguageOf(f.Language),
            TemplateId = template.Id,
            TemplateVersion = template.Version,
            SentBy = by,
            SentAt = now,
        };
        return new(survey, [new(new SurveySent(f.Occasion, f.Round, f.ComplaintNumber, f.Customer.Name, survey.Language, template.Version), by, now)]);
    }

    /// <summary>
    /// Records the answer, once: every item rated is a template item and a whole number on the
    /// scale (items may be left out where they do not apply, but not all). Any item at the bottom
    /// of the scale opens marketing's follow-up, due <paramref name="followUpLimit"/> later.
    /// </summary>
    public static Change<Survey> Answer(Survey s, GivenAnswer given, SurveyTemplate template, AnswerChannel channel, Staff by, DateTimeOffset now, TimeSpan followUpLimit)
    {
        if (s.Answer is { } earlier)
        {
            throw new ConflictException("This survey has been answered already.", $"{s.Id} was answered at {earlier.At:yyyy-MM-dd HH:mm} UTC; a survey is answered once.");
        }
        var errors = new ErrorList();
        var scores = new Dictionary<string, int>();
        foreach (var (code, score) in given.Scores ?? [])
        {
            if (template.Item(code) is null)
            {
                errors.Add($"scores.{code}", $"There is no item '{code}' on this survey; the items are {string.Join(", ", template.Items.Select(i => i.Code))}.");
            }
            else if (score is not { } value || value < template.Scale.Min || value > template.Scale.Max)
            {
                errors.Add($"scores.{code}", $"Rate it from {template.Scale.Min} to {template.Scale.Max}.");
            }
            else
            {
                scores[code] = value;
            }
        }
        errors.AddIf(scores.Count == 0 && errors.Count == 0, "scores", "Rate at least one item.");
        TextLimits.Check(errors, "comment", given.Comment, TextLimits.Text);
        TextLimits.Check(errors, "respondent", given.Respondent, TextLimits.Name);
        errors.ThrowIfAny();
        var ordered = template.Items.Where(i => scores.ContainsKey(i.Code)).ToDictionary(i => i.Code, i => scores[i.Code]);
        var low = ordered.Where(p => p.Value == template.Scale.Min).Select(p => p.Key).ToList();
        var answer = new SurveyAnswer(ordered, Trim(given.Comment), Trim(given.Respondent), channel, channel == AnswerChannel.OnSite ? by : null, now);
        var step = low.Count == 0 ? null : WorkItemRules.Open("f1", FollowUpStep, Department.Marketing, now, followUpLimit);
        return new(s with { Answer = answer, Steps = step is null ? s.Steps : [.. s.Steps, step] },
            [new(new SurveyAnswered(ordered, low, channel, step is null ? null : OpenedStep.Of(step)), by, now)]);
    }

    public static Change<Survey> FollowUp(Survey s, FollowUp f, Staff by, DateTimeOffset now)
    {
        var step = s.Steps.FirstOrDefault(x => x.Kind == FollowUpStep && x.IsOpen)
            ?? throw new ConflictException("There is no follow-up to record.", $"{s.Id} has no open follow-up: only a low score opens one.");
        if (TextLimits.IsBlank(f.Note))
        {
            throw ValidationException.For("note", "Write down what was done with the customer.");
        }
        var errors = new ErrorList();
        TextLimits.Check(errors, "note", f.Note, TextLimits.Text);
        errors.ThrowIfAny();
        var closed = WorkItemRules.Close(step, StepOutcome.Done, now);
        return new(s with { FollowUpNote = f.Note!.Trim(), Steps = WorkItemRules.Replace(s.Steps, closed) },
            [new(StepCompleted.Of(closed), by, now), new(new SurveyFollowedUp(f.Note!.Trim(), closed.OnTime), by, now)]);
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

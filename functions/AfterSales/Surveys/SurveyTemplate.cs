using System.Text.Json;
using AfterSales.Kernel;

namespace AfterSales.Surveys;

/// <summary>One value of the scale with its words.</summary>
public sealed record ScaleLabel(int Value, string Zh, string En);

/// <summary>The rating scale: whole numbers from <see cref="Min"/> (the bottom: a follow-up) to <see cref="Max"/>.</summary>
public sealed record SurveyScale(int Min, int Max, IReadOnlyList<ScaleLabel> Labels);

/// <summary>An evaluation item (评价项目) the customer rates.</summary>
public sealed record SurveyItem(string Code, string Zh, string En);

/// <summary>
/// A satisfaction survey form (顾客满意度调查表) as data: its items in zh-CN and English and the
/// scale. Every survey records the template version it was sent with; answers are kept by item code.
/// </summary>
public sealed record SurveyTemplate(string Id, int Version, DisplayName Title, DisplayName Intro, SurveyScale Scale, IReadOnlyList<SurveyItem> Items)
{
    private const string DefaultResource = "AfterSales.Surveys.survey-template.json";

    /// <summary>The template shipped with the product (<c>survey-template.json</c>).</summary>
    public static SurveyTemplate Default { get; } = Load();

    public SurveyItem? Item(string code) => Items.FirstOrDefault(i => i.Code == code);

    private static SurveyTemplate Load()
    {
        using var stream = typeof(SurveyTemplate).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The default survey template ({DefaultResource}) is not embedded.");
        var template = JsonSerializer.Deserialize<TemplateJson>(stream, Json.Options) ?? throw new InvalidOperationException("The default survey template is empty.");
        return new(template.Id, template.Version, new(template.Title.Zh, template.Title.En), new(template.Intro.Zh, template.Intro.En),
            template.Scale, template.Items);
    }

    private sealed record Words(string Zh, string En);

    private sealed record TemplateJson(string Id, int Version, Words Title, Words Intro, SurveyScale Scale, IReadOnlyList<SurveyItem> Items);
}

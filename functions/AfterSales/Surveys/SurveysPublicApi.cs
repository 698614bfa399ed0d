using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Surveys;

/// <summary>What a customer's link shows: the form in their language, never who sent it or other customers.</summary>
public sealed record PublicSurvey(string Title, string Intro, string Language, string CustomerName, string? Product, bool Answered,
    SurveyScale Scale, IReadOnlyList<PublicSurveyItem> Items);

public sealed record PublicSurveyItem(string Code, string Text);

/// <summary>
/// The survey as customers reach it, without signing in: its JSON (for any client) and a plain
/// mobile page. The link is the credential: signed, expiring (<c>CustomerLinks:SurveyLifetime</c>);
/// an altered or expired one is refused, and a survey is answered once (the version shown is the
/// one answered: <c>If-Match</c>, or the page's hidden field).
/// </summary>
public static class SurveysPublicApi
{
    public static IEndpointRouteBuilder MapSurveysPublicApi(this IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/api/public/surveys").WithTags("Customers");
        pub.MapGet("/{token}", GetAsync).WithName("GetPublicSurvey").AllowPublic(PublicAccess.Read)
            .WithSummary("The survey a customer's link opens: its items in the survey's language (lang=en or zh-CN to choose).").ProducesProblems(403, 404, 429);
        pub.MapPost("/{token}", AnswerAsync).WithName("AnswerPublicSurvey").AllowPublic(PublicAccess.Intake)
            .WithSummary("The customer's answer (scores by item code, comment), once, with If-Match of the version read.").ProducesProblems(400, 403, 404, 409, 412, 428, 429);
        pub.MapGet("/{token}/page", PageAsync).WithName("GetPublicSurveyPage").AllowPublic(PublicAccess.Read)
            .WithSummary("The survey as a plain mobile HTML page in zh-CN (default) or English (lang=en).");
        pub.MapPost("/{token}/page", PostPageAsync).WithName("AnswerPublicSurveyPage").AllowPublic(PublicAccess.Intake)
            .WithSummary("The page's form posted: answers once and shows a thank-you page, or a readable refusal.");
        return app;
    }

    internal static async Task<Ok<PublicSurvey>> GetAsync(string token, string? lang, SurveyService surveys, HttpContext http, CancellationToken ct)
    {
        Private(http);
        var stored = await surveys.LoadAsync(surveys.Verify(token), ct);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return TypedResults.Ok(Show(stored.Record, surveys.Template, lang is null ? stored.Record.Language : SurveyRules.LanguageOf(lang)));
    }

    internal static async Task<Ok<object>> AnswerAsync(string token, GivenAnswer? answer, SurveyService surveys, HttpContext http, CancellationToken ct)
    {
        Private(http);
        var stored = await surveys.AnswerByLinkAsync(token, answer ?? new(null, null, null), () => Versions.FromIfMatch(http.Request), ct);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return TypedResults.Ok<object>(new { answered = true, language = stored.Record.Language });
    }

    internal static async Task<ContentHttpResult> PageAsync(string token, string? lang, SurveyService surveys, HttpContext http, CancellationToken ct)
    {
        Private(http);
        return await RefusingAsync(async () =>
        {
            var stored = await surveys.LoadAsync(surveys.Verify(token), ct);
            var language = lang is null ? stored.Record.Language : SurveyRules.LanguageOf(lang);
            return stored.Record.IsAnswered
                ? Html(409, SurveyPages.Refused("此调查表已填写, 谢谢您。", "This survey has already been answered. Thank you."))
                : Html(200, SurveyPages.Form(stored.Record, surveys.Template, token, stored.Version, language));
        });
    }

    internal static async Task<ContentHttpResult> PostPageAsync(string token, string? lang, SurveyService surveys, HttpContext http, CancellationToken ct)
    {
        Private(http);
        var language = SurveyRules.LanguageOf(lang);
        if (!http.Request.HasFormContentType)
        {
            return Html(415, SurveyPages.Refused("请通过调查表页面提交。", "Please send the form from the survey page."));
        }
        var form = await http.Request.ReadFormAsync(ct);
        var version = int.TryParse(form["version"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
        var scores = surveys.Template.Items.Where(i => !string.IsNullOrEmpty(form[i.Code]))
            .ToDictionary(i => i.Code, i => int.TryParse(form[i.Code], out var score) ? score : (int?)null);
        var given = new GivenAnswer(scores, form["comment"], form["respondent"]);
        try
        {
            return await RefusingAsync(async () =>
            {
                await surveys.AnswerByLinkAsync(token, given, () => new IfMatch([version]), ct);
                return Html(200, SurveyPages.Thanks(language));
            });
        }
        catch (ValidationException ex)
        {
            var stored = await surveys.LoadAsync(surveys.Verify(token), ct);
            return Html(400, SurveyPages.Form(stored.Record, surveys.Template, token, stored.Version, language, new Dictionary<string, string[]>(ex.Errors)));
        }
    }

    public static PublicSurvey Show(Survey s, SurveyTemplate t, string language)
    {
        var en = language == "en";
        return new(en ? t.Title.En : t.Title.Zh, en ? t.Intro.En : t.Intro.Zh, language, s.Customer.Name, s.Product, s.IsAnswered, t.Scale,
            [.. t.Items.Select(i => new PublicSurveyItem(i.Code, en ? i.En : i.Zh))]);
    }

    /// <summary>Refusals of the page as pages: the link not valid or expired, answered already, or the page out of date.</summary>
    private static async Task<ContentHttpResult> RefusingAsync(Func<Task<ContentHttpResult>> act)
    {
        try
        {
            return await act();
        }
        catch (AccessDeniedException ex) when (ex.Message.Contains("expired", StringComparison.Ordinal))
        {
            return Html(403, SurveyPages.Refused("此链接已过期, 请联系我们获取新的链接。", "This link has expired. Ask us for a new one."));
        }
        catch (AccessDeniedException)
        {
            return Html(403, SurveyPages.Refused("此链接无效。", "This link is not valid."));
        }
        catch (NotFoundException)
        {
            return Html(404, SurveyPages.Refused("此调查表已不存在。", "This survey no longer exists."));
        }
        catch (ConflictException)
        {
            return Html(409, SurveyPages.Refused("此调查表已填写, 谢谢您。", "This survey has already been answered. Thank you."));
        }
        catch (StaleException)
        {
            return Html(409, SurveyPages.Refused("此调查表已填写, 谢谢您。", "This survey has already been answered. Thank you."));
        }
    }

    /// <summary>The token is the credential: keep answers out of shared caches and the link out of Referer headers; nothing loads from elsewhere.</summary>
    private static void Private(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    }

    private static ContentHttpResult Html(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

using System.Globalization;
using System.Text;
using static AfterSales.Kernel.TextOutput;

namespace AfterSales.Surveys;

/// <summary>
/// The customer's survey page: plain HTML for a phone, in the survey's language (zh-CN by
/// default, English), no script, no sign-in, nothing loaded from elsewhere. The form posts back
/// to the same link with the version it showed, so a survey is answered once.
/// </summary>
public static class SurveyPages
{
    public static string Form(Survey s, SurveyTemplate t, string token, int version, string language, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var en = language == "en";
        string W(string zh, string english) => en ? english : zh;
        var other = en ? ("中文", "zh-CN") : ("English", "en");
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p class=\"lang\"><a href=\"?lang={other.Item2}\">{Html(other.Item1)}</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{Html(W(t.Title.Zh, t.Title.En))}</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{Html(s.Customer.Name)}{(s.Product is null ? "" : " · " + Html(s.Product))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{Html(W(t.Intro.Zh, t.Intro.En))}</p>");
        if (errors is { Count: > 0 })
        {
            body.Append("<div class=\"errors\" role=\"alert\"><ul>");
            foreach (var (field, messages) in errors)
            {
                var item = field.StartsWith("scores.", StringComparison.Ordinal) ? t.Item(field[7..]) : null;
                var label = item is null ? field : W(item.Zh, item.En);
                body.Append(CultureInfo.InvariantCulture, $"<li>{Html(label)}: {Html(string.Join(" ", messages))}</li>");
            }
            body.Append("</ul></div>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/api/public/surveys/{Html(token)}/page?lang={language}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"version\" value=\"{version}\">");
        foreach (var item in t.Items)
        {
            body.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{Html(W(item.Zh, item.En))}</legend><div class=\"scale\">");
            foreach (var label in t.Scale.Labels)
            {
                body.Append(CultureInfo.InvariantCulture,
                    $"<label><input type=\"radio\" name=\"{Html(item.Code)}\" value=\"{label.Value}\"><span>{label.Value}</span><small>{Html(W(label.Zh, label.En))}</small></label>");
            }
            body.Append("</div></fieldset>");
        }
        body.Append(CultureInfo.InvariantCulture, $"<label>{Html(W("意见和建议", "Comments and suggestions"))}<br><textarea name=\"comment\" rows=\"4\" maxlength=\"4000\"></textarea></label>")
            .Append(CultureInfo.InvariantCulture, $"<label>{Html(W("填写人 (可选)", "Your name (optional)"))}<br><input name=\"respondent\" maxlength=\"200\"></label>")
            .Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\">{Html(W("提交", "Send"))}</button></p></form>");
        return Page(W(t.Title.Zh, t.Title.En), language, body.ToString());
    }

    public static string Thanks(string language) => language == "en"
        ? Page("Thank you", "en", "<h1>Thank you</h1><p>Your answers have been received. We read every one of them.</p>")
        : Page("谢谢", "zh-CN", "<h1>谢谢您的评价</h1><p>您的意见已收到, 我们会认真阅读每一份。</p>");

    /// <summary>A refusal the customer can read: in both languages, since an invalid link has no language of its own.</summary>
    public static string Refused(string zh, string en) =>
        Page("链接无法使用 / Link not usable", "zh-CN", $"<h1>{Html(zh)}</h1><p>{Html(en)}</p>");

    private static string Page(string title, string language, string body) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer"><title>{{Html(title)}}</title>
        <style>body{font-family:'Microsoft YaHei','PingFang SC','Segoe UI',system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.6}
        fieldset{border:1px solid #8884;border-radius:.5rem;margin:0 0 1rem}.scale{display:flex;gap:.25rem;justify-content:space-between}
        .scale label{display:flex;flex-direction:column;align-items:center;flex:1;text-align:center}.scale small{font-size:.7em;opacity:.8}
        input[type=radio]{width:1.6rem;height:1.6rem}textarea,input[name=respondent]{width:100%;font:inherit}button{font:inherit;padding:.6rem 1.5rem}
        .muted{opacity:.75}.lang{text-align:right}.errors{border:1px solid #c33;padding:0 1rem;border-radius:.5rem}</style></head>
        <body>{{body}}</body></html>
        """;
}

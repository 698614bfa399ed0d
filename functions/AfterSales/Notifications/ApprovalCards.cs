using System.Text.Json.Nodes;

namespace AfterSales.Notifications;

/// <summary>
/// The Adaptive Cards (schema 1.5) posted to the approvers' Teams channel: the request, with what
/// a manager needs to decide and Approve / Reject as <c>Action.OpenUrl</c> to signed single-use
/// links, and the announcement of the decision. Readable in light and dark themes: only the
/// host's semantic colours and container styles, no fixed colours or background images.
/// </summary>
public sealed class ApprovalCards(Words words)
{
    public const string Version = "1.5";

    public JsonObject Request(Notice n, Language lang, string baseUrl, ApprovalUrls urls)
    {
        var f = n.Facts;
        var a = f?.Approval;
        var step = MailTemplates.StepsOf(n).FirstOrDefault();
        var facts = Facts(lang,
            ("编号", "Number", n.RecordId),
            ("顾客", "Customer", f?.Customer),
            ("产品", "Product", f?.Product),
            ("料号", "Part number", a?.PartNumber),
            ("订单编号", "Order number", a?.OrderNumber),
            ("数量 / 不良数量", "Quantity / defective", a?.Quantity is null ? null : $"{a.Quantity} / {a.DefectiveQuantity}"),
            ("顾客要求", "Customer's demand", a?.CustomerDemand),
            ("分析人", "Analysed by", a?.AnalysedBy?.Name),
            ("批准期限", "Decide by", step is null ? null : words.Time(step.DueAt, lang)));
        var body = new JsonArray
        {
            Container("attention", Text(lang.Pick("重大质量问题待批准", "Major quality problem awaiting approval"), size: "large", weight: "bolder", color: "attention"),
                Text(lang.Pick($"{n.RecordId} 影响性能、寿命或安全, 须经领导批准后方可处理。", $"{n.RecordId} affects performance, life or safety: handling starts only after management approves."), isSubtle: true)),
            facts,
        };
        if (a is not null)
        {
            body.Add(Text(lang.Pick("问题描述", "Description"), weight: "bolder"));
            body.Add(Text(a.Description));
            if (a.Analysis is not null)
            {
                body.Add(Text(lang.Pick("初步分析", "Preliminary analysis"), weight: "bolder"));
                body.Add(Text(a.Analysis));
            }
        }
        body.Add(Text(lang.Pick("点击后须登录确认; 链接仅可使用一次, 过期失效。", "You sign in to confirm; each link works once and expires."), isSubtle: true, size: "small"));
        var actions = new JsonArray
        {
            OpenUrl(lang.Pick("批准", "Approve"), urls.Approve, "positive"),
            OpenUrl(lang.Pick("驳回", "Reject"), urls.Reject, "destructive"),
        };
        if (f is not null)
        {
            actions.Add(OpenUrl(lang.Pick("查看投诉", "Open the complaint"), baseUrl + f.LinkPath));
        }
        return Card(lang, lang.Pick($"{n.RecordId} 重大质量问题待批准", $"{n.RecordId}: major quality problem awaiting approval"), body, actions);
    }

    public JsonObject Decision(Notice n, Language lang, string baseUrl)
    {
        var d = n.Facts?.Approval?.Decision;
        var approved = d?.Approved ?? n.Change == "ApprovalGranted";
        var headline = approved ? lang.Pick($"{n.RecordId} 已批准", $"{n.RecordId} approved") : lang.Pick($"{n.RecordId} 已驳回", $"{n.RecordId} rejected");
        var by = d?.By ?? n.By;
        var body = new JsonArray
        {
            Container(approved ? "good" : "warning", Text(headline, size: "large", weight: "bolder", color: approved ? "good" : "warning")),
            Facts(lang,
                ("顾客", "Customer", n.Facts?.Customer),
                ("决定人", "Decided by", by?.Name),
                ("时间", "When", words.Time(d?.At ?? n.At, lang)),
                ("意见", "Comment", d?.Reason ?? n.Note)),
            Text(approved
                ? lang.Pick("已交技术中心安排现场处理。", "The technical center now arranges the on-site handling.")
                : lang.Pick("已退回市场营销部重新初步分析。", "Sent back to marketing for a new preliminary analysis."), isSubtle: true),
        };
        var actions = n.Facts is { } f ? new JsonArray { OpenUrl(lang.Pick("查看投诉", "Open the complaint"), baseUrl + f.LinkPath) } : [];
        return Card(lang, headline, body, actions);
    }

    private static JsonObject Card(Language lang, string fallback, JsonArray body, JsonArray actions)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = Version,
            ["lang"] = lang == Language.En ? "en" : "zh",
            ["fallbackText"] = fallback,
            ["body"] = body,
        };
        if (actions.Count > 0)
        {
            card["actions"] = actions;
        }
        return card;
    }

    private static JsonObject Container(string style, params JsonObject[] items) => new()
    {
        ["type"] = "Container",
        ["style"] = style,
        ["bleed"] = true,
        ["items"] = new JsonArray([.. items]),
    };

    private static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null, bool isSubtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }
        if (weight is not null)
        {
            block["weight"] = weight;
        }
        if (color is not null)
        {
            block["color"] = color;
        }
        if (isSubtle)
        {
            block["isSubtle"] = true;
        }
        return block;
    }

    private static JsonObject Facts(Language lang, params (string Zh, string En, string? Value)[] rows) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. rows.Where(r => !string.IsNullOrWhiteSpace(r.Value))
            .Select(r => (JsonNode)new JsonObject { ["title"] = lang.Pick(r.Zh, r.En), ["value"] = r.Value })]),
    };

    private static JsonObject OpenUrl(string title, string url, string? style = null)
    {
        var action = new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url };
        if (style is not null)
        {
            action["style"] = style;
        }
        return action;
    }
}

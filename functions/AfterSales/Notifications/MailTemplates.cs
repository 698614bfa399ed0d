using System.Text;
using static System.Net.WebUtility;

namespace AfterSales.Notifications;

public sealed record RenderedMail(string Subject, string Html);

/// <summary>The signed links a manager decides with (the card's buttons, the approval mail's links).</summary>
public sealed record ApprovalUrls(string Approve, string Reject);

/// <summary>
/// Mail as people read it: the layout in <c>Templates/mail.html</c>, filled with the notice's
/// facts in the reader's language. Subjects carry the number and the kind of work, never a
/// customer's name (admins see subjects in the failed list). Everything inserted is HTML-encoded.
/// </summary>
public sealed class MailTemplates(Words words)
{
    private static readonly string Layout = Load("mail.html");

    public RenderedMail Render(Notice n, Language lang, string baseUrl, ApprovalUrls? approval)
    {
        var (kindZh, kindEn) = Words.Kind(n.Kind);
        var kind = lang.Pick(kindZh, kindEn);
        var steps = StepsOf(n);
        var stepNames = string.Join(", ", steps.Select(s => words.Step(s, lang)).Where(s => s.Length > 0));
        var title = n.Kind switch
        {
            NoticeKind.DailyDigest => $"{kind}: {words.Department(Department(n), lang)}",
            NoticeKind.RecordChanged => $"{kind}: {Words.Change(n.Change, lang)}",
            NoticeKind.ApprovalRequested => kind,
            NoticeKind.ApprovalDecided when n.Facts?.Approval?.Decision is { } d => d.Approved ? lang.Pick("重大质量问题已批准", "Major quality problem approved") : lang.Pick("重大质量问题已驳回", "Major quality problem rejected"),
            _ when stepNames.Length > 0 => $"{kind}: {stepNames}",
            _ => kind,
        };
        var subject = n.Kind == NoticeKind.DailyDigest
            ? $"[AfterSales] {title} ({n.Digest.Count(l => !l.Overdue)} / {lang.Pick("逾期", "overdue")} {n.Digest.Count(l => l.Overdue)})"
            : $"[AfterSales] {n.RecordId} · {title}";
        var html = new StringBuilder(Layout)
            .Replace("{{lang}}", lang.Code())
            .Replace("{{subject}}", HtmlEncode(subject))
            .Replace("{{brand}}", HtmlEncode(lang.Pick("售后服务系统", "AfterSales")))
            .Replace("{{title}}", HtmlEncode(title))
            .Replace("{{intro}}", HtmlEncode(Intro(n, lang)))
            .Replace("{{facts}}", n.Kind == NoticeKind.DailyDigest ? "" : Facts(n, steps, lang))
            .Replace("{{list}}", n.Kind == NoticeKind.DailyDigest ? Digest(n, lang) : "")
            .Replace("{{actions}}", Actions(n, lang, baseUrl, approval))
            .Replace("{{footer}}", HtmlEncode(lang.Pick("此邮件由售后服务系统自动发送, 请勿直接回复。", "Sent by AfterSales; replies are not read.")))
            .ToString();
        return new RenderedMail(subject, html);
    }

    /// <summary>The notice's steps, named from the record's open steps where the event did not say (an assignment).</summary>
    public static IReadOnlyList<StepFacts> StepsOf(Notice n) =>
        [.. n.Steps.Select(s => s.Kind.Length > 0 ? s : n.Facts?.OpenSteps.FirstOrDefault(o => o.Id == s.Id) ?? s)];

    private static Kernel.Department Department(Notice n) =>
        Kernel.Departments.TryParse(n.Audience.Key, out var d) ? d : Kernel.Department.Marketing;

    private string Intro(Notice n, Language lang) => n.Kind switch
    {
        NoticeKind.StepRouted => lang.Pick($"{n.RecordId} 有新的步骤交给贵部门处理。", $"{n.RecordId} has new work for your department."),
        NoticeKind.StepTransferred => lang.Pick($"{n.RecordId} 的一个步骤已转交贵部门。", $"A step of {n.RecordId} was transferred to your department."),
        NoticeKind.StepAssigned => lang.Pick($"{n.RecordId} 的一个步骤已分配给您。", $"A step of {n.RecordId} was assigned to you."),
        NoticeKind.StepDueSoon => lang.Pick($"{n.RecordId} 的步骤即将到期, 请及时处理。", $"A step of {n.RecordId} is due soon."),
        NoticeKind.StepOverdue => lang.Pick($"{n.RecordId} 的步骤已逾期, 已报售后服务主管。", $"A step of {n.RecordId} is overdue and has been reported to the supervisors."),
        NoticeKind.StepEscalated => lang.Pick($"{n.RecordId} 的步骤逾期未完成, 现报您跟进。", $"A step of {n.RecordId} is overdue and escalated to you."),
        NoticeKind.ApprovalRequested => lang.Pick($"{n.RecordId} 被判定为重大质量问题, 须经领导批准后方可处理。", $"{n.RecordId} is a major quality problem: handling starts only after management approves."),
        NoticeKind.ApprovalDecided => lang.Pick($"{n.RecordId} 的审批已完成。", $"{n.RecordId} has been decided."),
        NoticeKind.VisitAssigned => lang.Pick($"您被派往 {n.RecordId} 现场服务。", $"You are sent on site for {n.RecordId}."),
        NoticeKind.RecordChanged => lang.Pick($"您是 {n.RecordId} 的首问责任人, 它有如下更新。", $"You are the first contact of {n.RecordId}; it changed."),
        NoticeKind.DailyDigest => lang.Pick($"截至 {words.Time(n.At, lang)} 贵部门未完成的工作, 逾期的排在最前。", $"Your department's open work as of {words.Time(n.At, lang)}, overdue first."),
        _ => "",
    };

    private string Facts(Notice n, IReadOnlyList<StepFacts> steps, Language lang)
    {
        var rows = new List<(string, string)> { (lang.Pick("编号", "Number"), n.RecordId) };
        var f = n.Facts;
        void Add(string zh, string en, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                rows.Add((lang.Pick(zh, en), value));
            }
        }
        Add("顾客", "Customer", f?.Customer);
        Add("产品", "Product", f?.Product);
        Add("处理路径", "Handling path", words.Of(f?.HandlingPath, lang, "handlingPaths"));
        Add("状态", "State", words.Of(f?.State, lang, "complaintStates"));
        foreach (var s in steps.Where(s => s.Kind.Length > 0))
        {
            var from = s.From is { } d ? lang.Pick($" (自{words.Department(d, lang)})", $" (from {words.Department(d, lang)})") : "";
            Add("步骤", "Step", $"{words.Step(s, lang)} · {words.Department(s.Department, lang)}{from} · {lang.Pick("期限", "due")} {words.Time(s.DueAt, lang)}");
        }
        if (n.Kind is NoticeKind.ApprovalRequested && f?.Approval is { } a)
        {
            Add("料号", "Part number", a.PartNumber);
            Add("数量 / 不良数量", "Quantity / defective", a.Quantity is null ? null : $"{a.Quantity} / {a.DefectiveQuantity}");
            Add("问题描述", "Description", a.Description);
            Add("初步分析", "Analysis", a.Analysis is null ? null : $"{a.Analysis} ({a.AnalysedBy?.Name})");
        }
        if (n.Kind is NoticeKind.ApprovalDecided && f?.Approval?.Decision is { } decision)
        {
            Add("决定", "Decision", $"{(decision.Approved ? lang.Pick("批准", "Approved") : lang.Pick("驳回", "Rejected"))} · {decision.By.Name} · {words.Time(decision.At, lang)}");
            Add("意见", "Comment", decision.Reason);
        }
        if (n.Kind is not NoticeKind.DailyDigest && n.By is { } by && by.Id != Kernel.SystemActor.Instance.Id)
        {
            Add("操作人", "By", $"{by.Name} · {words.Time(n.At, lang)}");
        }
        Add("说明", "Note", n.Note);
        var html = new StringBuilder("<table style=\"border-collapse:collapse;margin:0 0 16px;\">");
        foreach (var (label, value) in rows)
        {
            html.Append("<tr><th style=\"text-align:left;vertical-align:top;padding:4px 16px 4px 0;white-space:nowrap;opacity:.8;\">")
                .Append(HtmlEncode(label)).Append("</th><td style=\"padding:4px 0;\">").Append(HtmlEncode(value)).Append("</td></tr>");
        }
        return html.Append("</table>").ToString();
    }

    private string Digest(Notice n, Language lang)
    {
        if (n.Digest.Count == 0)
        {
            return $"<p>{HtmlEncode(lang.Pick("没有未完成的工作。", "Nothing open."))}</p>";
        }
        var html = new StringBuilder("<table style=\"border-collapse:collapse;margin:0 0 16px;width:100%;\"><tr>");
        foreach (var h in new[] { lang.Pick("编号", "Number"), lang.Pick("步骤", "Step"), lang.Pick("顾客", "Customer"), lang.Pick("期限", "Due"), lang.Pick("状态", "State") })
        {
            html.Append("<th style=\"text-align:left;padding:4px 8px;border-bottom:1px solid #8888;\">").Append(HtmlEncode(h)).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var line in n.Digest.OrderByDescending(l => l.Overdue).ThenBy(l => l.DueAt))
        {
            var due = words.Time(line.DueAt, lang) + (line.Overdue ? lang.Pick(" · 已逾期", " · overdue") : line.Paused ? lang.Pick(" · 已暂停", " · paused") : "");
            html.Append("<tr>");
            foreach (var cell in new[] { line.RecordId, words.Of(line.Step, lang, "stepKinds"), line.Subject, due, words.Of(line.State, lang, "complaintStates") })
            {
                html.Append("<td style=\"padding:4px 8px;").Append(line.Overdue ? "font-weight:bold;" : "").Append("\">").Append(HtmlEncode(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    private static string Actions(Notice n, Language lang, string baseUrl, ApprovalUrls? approval)
    {
        var links = new List<(string Text, string Url)>();
        if (approval is not null)
        {
            links.Add((lang.Pick("批准", "Approve"), approval.Approve));
            links.Add((lang.Pick("驳回", "Reject"), approval.Reject));
        }
        if (n.Facts is { } f && n.Kind != NoticeKind.DailyDigest)
        {
            links.Add((lang.Pick($"打开 {n.RecordId}", $"Open {n.RecordId}"), baseUrl + f.LinkPath));
        }
        return string.Concat(links.Select(l =>
            $"<a href=\"{HtmlEncode(l.Url)}\" style=\"display:inline-block;margin:0 8px 8px 0;padding:8px 16px;border:1px solid #0f6cbd;border-radius:4px;color:#0f6cbd;text-decoration:none;\">{HtmlEncode(l.Text)}</a>"));
    }

    internal static string Load(string name)
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream($"AfterSales.Notifications.Templates.{name}")
            ?? throw new InvalidOperationException($"The template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

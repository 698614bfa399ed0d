using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AfterSales.Functions.Local;
using Microsoft.Extensions.Options;
using static System.Net.WebUtility;

namespace AfterSales.Notifications;

/// <summary>
/// Development's stand-in for Outlook and Teams: each mail is written as an HTML file and each
/// card as its JSON (the webhook's exact body) in the outbox folder (<c>.outbox/</c> at the repo
/// root), listed newest first in <c>index.html</c>; the <c>Notifications</c> table has the same
/// rows with their status.
/// </summary>
public sealed class LocalOutbox(IOptions<NotificationOptions> options, IWebHostEnvironment environment, TimeProvider clock)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Folder { get; } = Path.IsPathRooted(options.Value.OutboxPath)
        ? options.Value.OutboxPath
        : Path.Combine(Azurite.FindRepoRoot(environment.ContentRootPath), options.Value.OutboxPath);

    public Task WriteMailAsync(string id, IReadOnlyList<string> to, Language language, RenderedMail mail, CancellationToken ct)
    {
        var header = $"<div style=\"font:12px monospace;border-bottom:1px solid #888;padding:8px;margin-bottom:8px;\">To: {HtmlEncode(string.Join("; ", to))}<br>Subject: {HtmlEncode(mail.Subject)}<br>Language: {language.Code()}</div>";
        var html = mail.Html.Replace("<table role", header + "<table role", StringComparison.Ordinal);
        return WriteAsync(id, "mail", "html", html, string.Join("; ", to), mail.Subject, ct);
    }

    public Task WriteCardAsync(string id, JsonObject webhookBody, string title, CancellationToken ct) =>
        WriteAsync(id, "card", "json", webhookBody.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "Teams (approvers)", title, ct);

    private async Task WriteAsync(string id, string kind, string extension, string content, string to, string subject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var file = $"{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{id[..8]}-{kind}.{extension}";
        await Gate.WaitAsync(ct);
        try
        {
            await WriteFilesAsync(file, content, new JsonObject { ["at"] = now, ["id"] = id, ["kind"] = kind, ["to"] = to, ["subject"] = subject, ["file"] = file }, ct);
        }
        catch (IOException ex)
        {
            throw new DeliveryFailure($"The outbox folder {Folder} could not be written: {ex.Message}", transient: true, inner: ex);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task WriteFilesAsync(string file, string content, JsonObject entry, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, file), content, Encoding.UTF8, ct);
        await File.AppendAllTextAsync(Path.Combine(Folder, "outbox.jsonl"), entry.ToJsonString() + "\n", Encoding.UTF8, ct);
        await WriteIndexAsync(ct);
    }

    private async Task WriteIndexAsync(CancellationToken ct)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Folder, "outbox.jsonl"), ct);
        var html = new StringBuilder("""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
            <title>AfterSales outbox</title><style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse}
            th,td{text-align:left;padding:4px 12px;border-bottom:1px solid #8884}</style></head><body>
            <h1>本地发件箱 / Local outbox</h1><p>Mail (HTML) and Teams cards (webhook JSON) the app would have sent, newest first.</p>
            <table><tr><th>UTC</th><th>Kind</th><th>To</th><th>Subject</th></tr>
            """);
        foreach (var line in lines.Reverse().Where(l => l.Length > 0))
        {
            var e = JsonNode.Parse(line)!;
            html.Append("<tr><td>").Append(HtmlEncode(e["at"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(HtmlEncode(e["kind"]!.GetValue<string>()))
                .Append("</td><td>").Append(HtmlEncode(e["to"]!.GetValue<string>()))
                .Append("</td><td><a href=\"").Append(HtmlEncode(Uri.EscapeDataString(e["file"]!.GetValue<string>()))).Append("\">")
                .Append(HtmlEncode(e["subject"]!.GetValue<string>())).Append("</a></td></tr>\n");
        }
        html.Append("</table></body></html>\n");
        await File.WriteAllTextAsync(Path.Combine(Folder, "index.html"), html.ToString(), Encoding.UTF8, ct);
    }
}

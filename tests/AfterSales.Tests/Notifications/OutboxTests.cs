using System.Text.Json.Nodes;
using AfterSales.Notifications;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Notifications;

/// <summary>The app as Development runs it: mail and cards written to a local outbox folder.</summary>
public sealed class OutboxApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "aftersales-outbox-" + Guid.NewGuid().ToString("N")[..8]);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Delivery"] = "Outbox",
        ["Notifications:OutboxPath"] = Folder,
        ["Notifications:Departments:marketing:Mailbox"] = "marketing@aftersales.local",
        ["Notifications:Departments:management:Mailbox"] = "management@aftersales.local",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}

public class OutboxTests(OutboxApp app) : IClassFixture<OutboxApp>
{
    private readonly HttpClient _http = app.CreateClient();

    [Fact]
    public async Task LocallyMailAndCardsGoToAnOutboxFolderWithAnIndexToBrowse()
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: "本地发件箱测试厂"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "majorOnSite", analysis = "影响安全" });
        // The documents\' order: visit first, report the findings, then the leader decides.
        await c.DoAsync("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } });
        await c.DoAsync("arrival");
        await c.DoAsync("findings", new { findings = "焊缝裂纹, 同批次多台" });

        var index = Path.Combine(app.Folder, "index.html");
        var listed = await Poll.UntilAsync(async () => File.Exists(index) ? await File.ReadAllTextAsync(index) : "",
            html => html.Contains("新的待办: 初步分析", StringComparison.Ordinal) && html.Contains($"{c.Number} 重大质量问题待批准", StringComparison.Ordinal),
            what: "the mail and the card in the outbox index");
        Assert.Contains("marketing@aftersales.local", listed, StringComparison.Ordinal);
        var card = Directory.GetFiles(app.Folder, "*-card.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .Single(b => b.ToJsonString().Contains(c.Number, StringComparison.Ordinal));
        AdaptiveCardSchema.AssertValid(card["attachments"]![0]!["content"]!);
        Assert.Contains(Directory.GetFiles(app.Folder, "*-mail.html"), f => File.ReadAllText(f).Contains("本地发件箱测试厂", StringComparison.Ordinal));
        // The table keeps the same notifications with their status.
        var store = app.Services.GetRequiredService<NotificationStore>();
        var cardId = new Notice(NoticeKind.ApprovalRequested, NoticeChannel.TeamsCard, Audience.Approvers,
            (await c.TimelineAsync()).Single(e => e!["type"]!.GetValue<string>() == "FindingsReported")!["id"]!.GetValue<string>(), "complaint", c.Number).Id;
        Assert.Equal(NotificationStatus.Sent, (await store.GetAsync(cardId, default))!.Status);
    }
}

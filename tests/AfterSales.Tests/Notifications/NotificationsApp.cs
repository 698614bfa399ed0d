using System.Text.Json.Nodes;
using AfterSales.Notifications;
using AfterSales.Tests.Infrastructure;
using Azure.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AfterSales.Tests.Notifications;

/// <summary>
/// The app with notifications going out through the real <c>GraphServiceClient</c> and the real
/// Teams webhook client, both pointed at a <see cref="StubServer"/> on 127.0.0.1 that stands in
/// for Microsoft Graph (users, groups, sendMail) and the approvers' Workflows webhook. Only the
/// Entra ID sign-in is replaced: Graph gets a fixed token. The clock is the test's.
/// </summary>
public class NotificationsApp : AppFixture
{
    public const string Sender = "aftersales@contoso.test";
    public const string GraphToken = "test-graph-token";
    public const string WebhookPath = "/workflows/approvers";

    /// <summary>Users among a group's members: the SDK's cast segment is <c>graph.user</c>.</summary>
    public const string GroupMembersPath = "/v1.0/groups/g-quality/members/graph.user";

    public NotificationsApp(AzuriteFixture azurite) : base(azurite)
    {
        Stub = StubServer.StartAsync().GetAwaiter().GetResult();
        Stub.On(r => r.Path == GroupMembersPath,
            StubResponse.Json("""{"value":[{"mail":"liu.quality@contoso.test"},{"mail":"chen.quality@contoso.test"}]}"""));
        Stub.On(r => r.Method == "GET" && r.Path.StartsWith("/v1.0/users/", StringComparison.Ordinal),
            StubResponse.Json("""{"error":{"code":"Request_ResourceNotFound","message":"Resource does not exist."}}""", 404));
        Stub.On(r => r.Path == $"/v1.0/users/{DefaultUserId}", StubResponse.Json("""{"mail":"wang.fang@contoso.test","preferredLanguage":"en-US"}"""));
        Stub.On(r => r.Path == "/v1.0/users/t-zhao", StubResponse.Json("""{"mail":"zhao.tech@contoso.test","preferredLanguage":"zh-CN"}"""));
    }

    public StubServer Stub { get; }

    protected override bool UseFakeClock => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Notifications:Delivery"] = "Graph",
        ["Notifications:PublicBaseUrl"] = "https://aftersales.test",
        ["Notifications:MaxAttempts"] = "2",
        ["Notifications:RetryDelay"] = "00:00:01",
        ["Notifications:MaxRetryDelay"] = "00:00:05",
        ["Notifications:Departments:marketing:Mailbox"] = "marketing@contoso.test",
        ["Notifications:Departments:quality:Mailbox"] = "quality@contoso.test",
        ["Notifications:Departments:quality:Group"] = "g-quality",
        ["Notifications:Departments:quality:Language"] = "en",
        ["Notifications:Departments:technical:Mailbox"] = "technical@contoso.test",
        ["Notifications:Departments:management:Mailbox"] = "management@contoso.test",
        ["Notifications:Supervisors:Mailbox"] = "supervisors@contoso.test",
        ["Graph:BaseUrl"] = Stub.Url + "/v1.0",
        ["Graph:Sender"] = Sender,
        ["Teams:WebhookUrl"] = Stub.Url + WebhookPath + "?sig=s3cr3t",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(new GraphCredential(new FixedToken()))));
    }

    /// <summary>Mail sent through Graph whose JSON mentions <paramref name="text"/> (a number is ASCII, so it appears as is).</summary>
    public IReadOnlyList<StubRequest> Mails(string text) =>
        Stub.Where(r => r.Method == "POST" && r.Path.EndsWith("/sendMail", StringComparison.Ordinal) && r.Body.Contains(text, StringComparison.Ordinal));

    public IReadOnlyList<StubRequest> Cards(string text) =>
        Stub.Where(r => r.Method == "POST" && r.Path == WebhookPath && r.Body.Contains(text, StringComparison.Ordinal));

    public Task<IReadOnlyList<StubRequest>> MailsAsync(string text, int atLeast = 1, Func<JsonNode, bool>? where = null) =>
        Poll.UntilAsync(() => Task.FromResult((IReadOnlyList<StubRequest>)[.. Mails(text).Where(m => where?.Invoke(Message(m)) ?? true)]),
            m => m.Count >= atLeast, what: $"{atLeast} mail(s) about {text}");

    /// <summary>The message of a sendMail request (the SDK names the action's parameters as Graph's metadata does: <c>Message</c>, <c>SaveToSentItems</c>).</summary>
    public static JsonNode Message(StubRequest sendMail) => JsonNode.Parse(sendMail.Body)!["Message"]!;

    /// <summary>JSON text with Chinese as is (the wire escapes it), to search in.</summary>
    public static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string[] To(JsonNode message) => [.. message["toRecipients"]!.AsArray().Select(r => r!["emailAddress"]!["address"]!.GetValue<string>())];

    public static string Subject(JsonNode message) => message["subject"]!.GetValue<string>();

    public static string Html(JsonNode message) => message["body"]!["content"]!.GetValue<string>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GraphToken, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>Adaptive Card JSON checked against the Adaptive Cards 1.5 schema kept in the repo (Notifications/Schemas).</summary>
public static class AdaptiveCardSchema
{
    private static readonly Lazy<NJsonSchema.JsonSchema> Schema = new(() =>
        NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Notifications", "Schemas", "adaptive-card-1.5.0.json")).GetAwaiter().GetResult());

    public static void AssertValid(JsonNode card)
    {
        var errors = Schema.Value.Validate(card.ToJsonString());
        Assert.True(errors.Count == 0, "The card is not valid Adaptive Card 1.5: " + string.Join("; ", errors.Take(20).Select(e => $"{e.Path}: {e.Kind} {e}")));
    }
}

using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace AfterSales.Notifications;

/// <summary>A try that did not go through: <see cref="Transient"/> ones are tried again (after <see cref="RetryAfter"/>, when the service said).</summary>
public sealed class DeliveryFailure(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>429, 408 and 5xx are worth another try; any other answer will not change by waiting.</summary>
    public static DeliveryFailure FromStatus(string service, int status, TimeSpan? retryAfter, Exception? inner = null) =>
        new($"{service} answered {status}{(inner is null ? "" : ": " + inner.Message)}", status is 429 or 408 or >= 500, retryAfter, inner);

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && at > now
            ? at - now
            : null;
    }
}

/// <summary>The credential the app signs in to Graph with (a seam tests replace with a fixed token).</summary>
public sealed record GraphCredential(TokenCredential Credential)
{
    public static GraphCredential From(GraphOptions graph, IConfiguration configuration) => new(graph.HasSecret
        ? new ClientSecretCredential(graph.TenantId, graph.ClientId, graph.ClientSecret)
        : configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential());
}

/// <summary>A person as Entra ID has them: mail address and preferred language.</summary>
public sealed record DirectoryPerson(string? Mail, string? PreferredLanguage);

/// <summary>
/// Microsoft Graph, app-only, through the real <see cref="GraphServiceClient"/> at
/// <see cref="GraphOptions.BaseUrl"/>: send mail as the sender mailbox, read a group's members and
/// a person's address. Graph's own retry handler is left out: a throttled try fails at once and the
/// queue tries again after <c>Retry-After</c>, so no function sits waiting.
/// </summary>
public sealed class GraphGateway(IOptions<GraphOptions> options, GraphCredential credential, TimeProvider clock)
{
    private readonly Lazy<GraphServiceClient> _client = new(() => Create(options.Value, credential.Credential));

    public static GraphServiceClient Create(GraphOptions graph, TokenCredential credential)
    {
        var baseUrl = graph.BaseUrl.TrimEnd('/');
        var handlers = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        var http = GraphClientFactory.Create(handlers);
        http.Timeout = TimeSpan.FromSeconds(60);
        var auth = new AzureIdentityAuthenticationProvider(credential, [new Uri(baseUrl).Host], null, true, "https://graph.microsoft.com/.default");
        return new GraphServiceClient(http, auth, baseUrl);
    }

    public async Task SendMailAsync(IReadOnlyList<string> to, string subject, string html, CancellationToken ct)
    {
        var sender = options.Value.Sender ?? throw new DeliveryFailure("Set Graph:Sender to the mailbox mail is sent as.", transient: false);
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = subject,
                Body = new ItemBody { ContentType = BodyType.Html, Content = html },
                ToRecipients = [.. to.Select(a => new Recipient { EmailAddress = new EmailAddress { Address = a } })],
            },
            SaveToSentItems = false,
        };
        await CallAsync(() => _client.Value.Users[sender].SendMail.PostAsync(body, cancellationToken: ct));
    }

    /// <summary>The mail addresses of a group's members (users only, every page).</summary>
    public async Task<IReadOnlyList<string>> GroupMailAsync(string groupId, CancellationToken ct)
    {
        var addresses = new List<string>();
        var page = await CallAsync(() => _client.Value.Groups[groupId].Members.GraphUser.GetAsync(r =>
        {
            r.QueryParameters.Select = ["mail"];
            r.QueryParameters.Top = 999;
        }, ct));
        while (page is not null)
        {
            addresses.AddRange(page.Value?.Select(u => u.Mail).OfType<string>() ?? []);
            var next = page.OdataNextLink;
            page = next is null ? null : await CallAsync(() => _client.Value.Groups[groupId].Members.GraphUser.WithUrl(next).GetAsync(cancellationToken: ct));
        }
        return addresses;
    }

    /// <summary>A person by staff id (their Entra object id); null when Entra ID does not know them.</summary>
    public async Task<DirectoryPerson?> PersonAsync(string id, CancellationToken ct)
    {
        try
        {
            var user = await CallAsync(() => _client.Value.Users[id].GetAsync(r => r.QueryParameters.Select = ["mail", "preferredLanguage"], ct));
            return user is null ? null : new DirectoryPerson(user.Mail, user.PreferredLanguage);
        }
        catch (DeliveryFailure f) when (f.InnerException is ApiException { ResponseStatusCode: 404 })
        {
            return null;
        }
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException ex)
        {
            var retryAfter = ex.ResponseHeaders.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
            throw DeliveryFailure.FromStatus("Microsoft Graph", ex.ResponseStatusCode, DeliveryFailure.ParseRetryAfter(retryAfter, clock.GetUtcNow()), ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Azure.Identity.AuthenticationFailedException)
        {
            throw new DeliveryFailure($"Microsoft Graph could not be reached: {ex.Message}", transient: true, inner: ex);
        }
    }

    private Task CallAsync(Func<Task> call) => CallAsync(async () =>
    {
        await call();
        return true;
    });
}

/// <summary>Posts an Adaptive Card to a Teams channel through its Workflows webhook.</summary>
public sealed class TeamsWebhook(IHttpClientFactory http, IOptions<TeamsOptions> options, TimeProvider clock)
{
    public const string Client = "teams-webhook";

    /// <summary>The body the "post to a channel when a webhook request is received" workflow reads.</summary>
    public static System.Text.Json.Nodes.JsonObject Message(System.Text.Json.Nodes.JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["contentUrl"] = null,
            ["content"] = card,
        }),
    };

    public async Task PostCardAsync(System.Text.Json.Nodes.JsonObject card, CancellationToken ct)
    {
        if (!options.Value.Configured)
        {
            throw new DeliveryFailure("Set Teams:WebhookUrl to the approvers' channel's Workflows webhook.", transient: false);
        }
        var message = Message(card);
        HttpResponseMessage response;
        try
        {
            using var content = new StringContent(message.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            response = await http.CreateClient(Client).PostAsync(options.Value.WebhookUrl, content, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryFailure($"The Teams webhook could not be reached: {ex.Message}", transient: true, inner: ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = response.Headers.RetryAfter is { } r ? r.Delta ?? (r.Date - clock.GetUtcNow()) : null;
                throw DeliveryFailure.FromStatus("The Teams webhook", (int)response.StatusCode, retryAfter);
            }
        }
    }
}

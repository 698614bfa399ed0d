using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AfterSales.Tests.Infrastructure;

/// <summary>Drives one complaint through the HTTP API as a client would: it keeps the ETag it last saw.</summary>
public sealed class ComplaintClient(HttpClient http, string number, string etag)
{
    public string Number { get; } = number;
    public string ETag { get; private set; } = etag;
    public JsonNode Last { get; private set; } = new JsonObject();

    public static async Task<ComplaintClient> TakeAsync(HttpClient http, object? intake = null)
    {
        var response = await http.PostJsonAsync("/api/complaints", intake ?? Api.Intake());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return new ComplaintClient(http, body["number"]!.GetValue<string>(), response.Headers.ETag!.Tag) { Last = body };
    }

    /// <summary>Waits until routing has filed it for triage (the routing queue is asynchronous).</summary>
    public async Task<ComplaintClient> RoutedAsync()
    {
        await Poll.UntilAsync(GetAsync, c => c["state"]!.GetValue<string>() != "received", what: $"{Number} to be routed");
        return this;
    }

    public async Task<JsonNode> GetAsync()
    {
        var response = await http.GetAsync($"/api/complaints/{Number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ETag = response.Headers.ETag!.Tag;
        return Last = await response.ReadJsonAsync();
    }

    public async Task<JsonNode> DoAsync(string action, object? body = null)
    {
        var response = await SendAsync(action, body, ETag);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} on {Number} answered {(int)response.StatusCode}: {text}");
        ETag = response.Headers.ETag!.Tag;
        return Last = JsonNode.Parse(text)!;
    }

    public Task<HttpResponseMessage> SendAsync(string action, object? body, string? ifMatch, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{Number}/{action}")
        {
            Content = JsonContent.Create(body ?? new { }, options: Api.Options),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return http.SendAsync(request);
    }

    public string State => Last["state"]!.GetValue<string>();

    /// <summary>The id of the open step of a kind (camelCase, e.g. "onSiteService").</summary>
    public string OpenStep(string kind) => Last["steps"]!.AsArray()
        .Single(s => s!["kind"]!.GetValue<string>() == kind && s["completedAt"] is null)!["id"]!.GetValue<string>();

    /// <summary>
    /// Waits until a department's inbox lists this complaint's open step of a kind. The inbox follows the
    /// change feed, and the escalation timer finds overdue steps through it.
    /// </summary>
    public async Task InInboxAsync(string department, string kind)
    {
        var step = OpenStep(kind);
        await Poll.UntilAsync(async () => await (await http.GetAsync($"/api/departments/{department}/inbox?pageSize=200")).ReadJsonAsync(),
            p => p["items"]!.AsArray().Any(i => i!["recordId"]!.GetValue<string>() == Number && i["stepId"]!.GetValue<string>() == step),
            what: $"the {kind} step of {Number} in {department}'s inbox");
    }

    public async Task<JsonArray> TimelineAsync() =>
        (await (await http.GetAsync($"/api/complaints/{Number}/timeline")).ReadJsonAsync()).AsArray();
}

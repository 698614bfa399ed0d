using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// Drives one return order or CAPA through the HTTP API as clients would: it keeps the ETag last
/// seen, whoever acted, so a test can hand the record from one department's user to the next.
/// <see cref="Record"/> is the record inside the view (<c>order</c> or <c>capa</c>).
/// </summary>
public sealed class RecordClient(HttpClient http, string collection, string recordField, string id, string etag)
{
    public string Id { get; } = id;
    public string ETag { get; private set; } = etag;
    public JsonNode Last { get; private set; } = new JsonObject();
    public JsonNode Record => Last[recordField]!;

    /// <summary>Creates the record (201), with an idempotency key when given.</summary>
    public static async Task<RecordClient> CreateAsync(HttpClient http, string collection, string field, object body, string? idempotencyKey = null)
    {
        var response = await http.SendAsync(Create(collection, body, idempotencyKey));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {collection} answered {(int)response.StatusCode}: {text}");
        var view = JsonNode.Parse(text)!;
        return new RecordClient(http, collection, field, view[field]!["id"]!.GetValue<string>(), response.Headers.ETag!.Tag) { Last = view };
    }

    public static HttpRequestMessage Create(string collection, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, collection) { Content = JsonContent.Create(body, options: Api.Options) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    public string Stage => Record["stage"]!.GetValue<string>();

    public async Task<JsonNode> GetAsync()
    {
        var response = await http.GetAsync($"{collection}/{Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        ETag = response.Headers.ETag!.Tag;
        return Last = await response.ReadJsonAsync();
    }

    /// <summary>Posts an action with the ETag last seen, as <paramref name="by"/> (or the creator); it must succeed.</summary>
    public async Task<JsonNode> DoAsync(string action, object? body = null, HttpClient? by = null)
    {
        var response = await SendAsync(action, body, ETag, by);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} on {Id} answered {(int)response.StatusCode}: {text}");
        ETag = response.Headers.ETag!.Tag;
        return Last = JsonNode.Parse(text)!;
    }

    public Task<HttpResponseMessage> SendAsync(string action, object? body, string? ifMatch, HttpClient? by = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{collection}/{Id}/{action}") { Content = JsonContent.Create(body ?? new { }, options: Api.Options) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return (by ?? http).SendAsync(request);
    }

    public async Task<JsonArray> TimelineAsync() => (await (await http.GetAsync($"{collection}/{Id}/timeline")).ReadJsonAsync()).AsArray();

    /// <summary>The open work item of a kind (e.g. "inspection"), by id.</summary>
    public string OpenStep(string kind) => Record["steps"]!.AsArray()
        .Single(s => s!["kind"]!.GetValue<string>() == kind && s["completedAt"] is null)!["id"]!.GetValue<string>();
}

/// <summary>Reading lists and inboxes, which follow changes through the change feed: poll them.</summary>
public static class Lists
{
    /// <summary>The items of a list (<c>items</c> of a page) once <paramref name="until"/> holds for them.</summary>
    public static async Task<JsonArray> UntilAsync(HttpClient http, string url, Func<JsonArray, bool> until, string what) =>
        await Poll.UntilAsync(async () => (await (await http.GetAsync(url)).ReadJsonAsync())["items"]!.AsArray(), until, what: what);

    public static bool Has(this JsonArray items, string field, string value) => items.Any(i => i![field]!.GetValue<string>() == value);

    /// <summary>The types of a timeline's events, in order.</summary>
    public static List<string> Types(this JsonArray timeline) => [.. timeline.Select(e => e!["type"]!.GetValue<string>())];
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;

namespace AfterSales.Tests.Reliability;

/// <summary>
/// The hostile-input corpus (<c>hostile-requests.json</c>, kept as data) sent to every write
/// endpoint and every list the OpenAPI document names, so a new endpoint is covered without
/// editing this test: every request is answered 4xx with problem details, none 5xx, and nothing
/// is left in storage (checked in the tables, not through the API).
/// </summary>
public partial class HostileInputTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonNode Corpus = JsonNode.Parse(File.ReadAllText(
        Path.Combine(AzuriteFixture.RepoRoot, "tests", "AfterSales.Tests", "Reliability", "hostile-requests.json")))!;

    /// <summary>Values for route parameters: well formed where the API checks the form, and naming nothing that exists.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["number"] = "KS-209901-0001", ["department"] = "marketing", ["stepId"] = "s1", ["measureId"] = "m1",
        ["subscriber"] = "route-complaint", ["documentName"] = "v1",
    };

    [Fact]
    public async Task EveryHostileRequestToEveryWriteEndpointIsRefusedWithAProblemAndWritesNothing()
    {
        var client = app.CreateClient();
        var endpoints = await EndpointsAsync(client, write: true);
        Assert.True(endpoints.Count >= 40, $"only {endpoints.Count} write endpoints found in the OpenAPI document");
        var before = await RowCountsAsync();

        var tried = 0;
        var failures = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            foreach (var body in Corpus["bodies"]!.AsArray())
            {
                using var request = Request(method, path, body!);
                var response = await client.SendAsync(request);
                tried++;
                if (await Refused(response, path) is { } wrong)
                {
                    failures.Add($"{method} {path} with {body!["name"]}: {wrong}");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{tried} hostile requests to {endpoints.Count} write endpoints, {failures.Count} not refused properly");
        Assert.True(tried >= 300, $"only {tried} requests tried");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task AlteredTokensAndBadFiltersOnEveryListAreAProblem()
    {
        var client = app.CreateClient();
        var lists = await EndpointsAsync(client, write: false);
        var tried = 0;
        var failures = new List<string>();
        foreach (var (_, path) in lists)
        {
            foreach (var q in Corpus["listQueries"]!.AsArray())
            {
                var response = await client.GetAsync(path + q!.GetValue<string>());
                tried++;
                var status = (int)response.StatusCode;
                // A filter a list does not take is ignored (200); whatever it takes must be refused when wrong, never crash.
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"GET {path}{q} answered {status} {response.Content.Headers.ContentType}");
                }
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{tried} hostile list queries to {lists.Count} lists");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        var altered = await client.GetAsync("/api/complaints?continuationToken=cDEKZmFrZQpmYWtl");
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
    }

    [Fact]
    public async Task HostileBodiesOnALiveComplaintChangeNothing()
    {
        var client = app.CreateClient();
        var complaint = await (await ComplaintClient.TakeAsync(client, Api.Intake(customer: "敌意输入测试厂"))).RoutedAsync();
        var endpoints = (await EndpointsAsync(client, write: true)).Where(e => e.Path.StartsWith("/api/complaints/{number}/", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} complaint actions found");
        var before = await (await client.GetAsync($"/api/complaints/{complaint.Number}/timeline")).ReadJsonAsync();

        var failures = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            foreach (var body in Corpus["bodies"]!.AsArray())
            {
                using var request = Request(method, path.Replace("{number}", complaint.Number, StringComparison.Ordinal), body!);
                request.Headers.TryAddWithoutValidation("If-Match", complaint.ETag);
                if (await Refused(await client.SendAsync(request), path) is { } wrong)
                {
                    failures.Add($"{method} {path} with {body!["name"]}: {wrong}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        var after = await client.GetAsync($"/api/complaints/{complaint.Number}");
        Assert.Equal(complaint.ETag, after.Headers.ETag?.Tag);
        Assert.Equal(before.ToJsonString(), (await (await client.GetAsync($"/api/complaints/{complaint.Number}/timeline")).ReadJsonAsync()).ToJsonString());
    }

    /// <summary>Null when the answer is a proper refusal; otherwise what is wrong with it.</summary>
    private static async Task<string?> Refused(HttpResponseMessage response, string path)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        // The Teams card's approval links answer people with a readable page, not JSON (a body the
        // framework cannot read at all is still a problem document).
        var proper = type == "application/problem+json" || (type == "text/html" && path.StartsWith("/api/approvals/", StringComparison.Ordinal));
        return status is >= 400 and < 500 && proper ? null : $"{status} {type}: {Shorten(await response.Content.ReadAsStringAsync())}";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static HttpRequestMessage Request(string method, string path, JsonNode body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        byte[] bytes;
        if (body["bodyBase64"] is { } b64)
        {
            bytes = Convert.FromBase64String(b64.GetValue<string>());
        }
        else if (body["bodyTemplate"] is { } template)
        {
            var c = body["longChar"]?.GetValue<string>() ?? "长";
            bytes = Encoding.UTF8.GetBytes(template.GetValue<string>().Replace("LONG", string.Concat(Enumerable.Repeat(c, body["long"]!.GetValue<int>())), StringComparison.Ordinal));
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(body["body"]!.GetValue<string>());
        }
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", body["contentType"]?.GetValue<string>() ?? "application/json");
        foreach (var (name, value) in body["headers"]?.AsObject() ?? [])
        {
            var text = value!.GetValue<string>();
            if (body["longHeader"] is { } length)
            {
                text = text.Replace("KEY", new string('k', length.GetValue<int>()), StringComparison.Ordinal);
            }
            request.Headers.TryAddWithoutValidation(name, text);
        }
        return request;
    }

    private static string Fill(string path) => RouteParameter().Replace(path, m =>
        Parameters.TryGetValue(m.Groups["name"].Value, out var value) ? value : "nothing-0000");

    /// <summary>
    /// The API's endpoints from its OpenAPI document: writes that take a body (POST, PUT, PATCH with a
    /// requestBody: a body is what the corpus attacks), or lists (GET without a path parameter).
    /// </summary>
    private static async Task<List<(string Method, string Path)>> EndpointsAsync(HttpClient client, bool write)
    {
        var doc = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var found = new List<(string, string)>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var m = method.ToUpperInvariant();
                if (write ? m is "POST" or "PUT" or "PATCH" && operation?["requestBody"] is not null
                    : m == "GET" && !path.Contains('{', StringComparison.Ordinal) && path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    found.Add((m, path));
                }
            }
        }
        return found;
    }

    /// <summary>How many rows each of this app's tables holds.</summary>
    private async Task<Dictionary<string, int>> RowCountsAsync()
    {
        var service = app.Storage.Tables;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var table in service.QueryAsync())
        {
            if (!table.Name.StartsWith(app.Prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rows = 0;
            await foreach (var _ in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                rows++;
            }
            counts[table.Name] = rows;
        }
        return counts;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}

using System.Net;
using System.Net.Http.Json;
using AfterSales.Access;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Access;

/// <summary>
/// Every endpoint, called by every kind of caller, against the allow/deny table below. An endpoint
/// without a row fails the test: add a row when you add an endpoint.
/// </summary>
public class AuthorizationMatrixTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>The first-contact owner of the seeded complaint: a technician, so only ownership lets them see it.</summary>
    private const string OwnerId = "u-owner";

    /// <summary>Callers with no valid sign-in; denied means 401.</summary>
    private static readonly Dictionary<string, Func<string?>> NotSignedIn = new()
    {
        ["anonymous"] = () => null,
        ["expired"] = () => TestTokens.Expired("u-expired", [.. Roles.All]),
        ["other-audience"] = () => TestTokens.ForOtherAudience("u-other", [.. Roles.All]),
        ["bad-signature"] = () => TestTokens.WithWrongSignature("u-forged", [.. Roles.All]),
    };

    /// <summary>Signed-in callers; denied means 403. One per role (a user distinct from the owner), plus the owner and a user with no role.</summary>
    private static readonly Dictionary<string, Func<string?>> SignedIn = new Dictionary<string, Func<string?>>
    {
        ["no-role"] = () => TestTokens.For("u-nobody", "无角色"),
        ["owner"] = () => TestTokens.For(OwnerId, "李娜", Roles.Technician),
    }.Concat(Roles.All.Select(r => KeyValuePair.Create(r, (Func<string?>)(() => TestTokens.For($"u-{r}", r, r))))).ToDictionary();

    private static readonly string[] Everyone = [.. NotSignedIn.Keys, .. SignedIn.Keys];
    private static readonly string[] AnyStaff = [.. SignedIn.Keys.Except(["no-role"])];
    private static readonly string[] ComplaintReaders = ["owner", Roles.Marketing, Roles.Supervisor, Roles.Management];

    /// <summary>What a row needs: a complaint routed to marketing (owned by <see cref="OwnerId"/>) and a status link for it.</summary>
    public sealed record Seed(string Number, string StatusToken);

    public sealed record Row(Func<Seed, HttpRequestMessage> Request, string[] Allowed, bool MayFailInside = false);

    /// <summary>The matrix: "METHOD route-pattern" → the request to send and who may get through.</summary>
    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["GET /api/health"] = new(_ => Get("/api/health"), Everyone),
        ["GET /openapi/{documentName}.json"] = new(_ => Get("/openapi/v1.json"), Everyone),
        ["GET /api/openapi/{documentName}.json"] = new(_ => Get("/api/openapi/v1.json"), Everyone),
        ["GET /scalar/{documentName?}"] = new(_ => Get("/scalar"), Everyone),
        ["GET /api/scalar/{documentName?}"] = new(_ => Get("/api/scalar"), Everyone),
        ["GET /scalar/scalar.js"] = new(_ => Get("/scalar/scalar.js"), Everyone),
        ["GET /scalar/scalar.aspnetcore.js"] = new(_ => Get("/scalar/scalar.aspnetcore.js"), Everyone),
        ["GET /scalar/favicon.svg"] = new(_ => Get("/scalar/favicon.svg"), Everyone),
        ["GET /api/scalar/scalar.js"] = new(_ => Get("/api/scalar/scalar.js"), Everyone),
        ["GET /api/scalar/scalar.aspnetcore.js"] = new(_ => Get("/api/scalar/scalar.aspnetcore.js"), Everyone),
        ["GET /api/scalar/favicon.svg"] = new(_ => Get("/api/scalar/favicon.svg"), Everyone),
        ["POST /api/complaints/"] = new(_ => Post("/api/complaints", Api.Intake(customer: "矩阵测试机械")), AnyStaff),
        ["GET /api/complaints/{number}"] = new(s => Get($"/api/complaints/{s.Number}"), ComplaintReaders),
        ["POST /api/complaints/{number}/status-link"] = new(s => Post($"/api/complaints/{s.Number}/status-link", null), ComplaintReaders),
        ["GET /api/departments/{department}/inbox"] = new(_ => Get("/api/departments/marketing/inbox"),
            [Roles.Marketing, Roles.Supervisor, Roles.Management, Roles.Admin]),
        ["POST /api/public/complaints"] = new(_ => Post("/api/public/complaints", WebForm()), Everyone),
        ["GET /api/public/status/{token}"] = new(s => Get($"/api/public/status/{s.StatusToken}"), Everyone),
    };

    /// <summary>
    /// Envelope endpoints (<c>POST /{FunctionName}</c>, one per non-HTTP function) need no row each:
    /// the Functions host calls them without a token, so every caller gets through.
    /// </summary>
    private static Row EnvelopeRow(string path) =>
        new(_ => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { Data = new { }, Metadata = new { } }) },
            Everyone, MayFailInside: true);

    [Fact]
    public void EveryEndpointHasARowAndEveryRowAnEndpoint()
    {
        var endpoints = Endpoints().Select(e => e.Key).ToList();
        var missing = endpoints.Where(k => !Matrix.ContainsKey(k) && !IsEnvelope(k)).ToList();
        var stale = Matrix.Keys.Except(endpoints).ToList();

        Assert.True(missing.Count == 0, $"Endpoints without a row in {nameof(AuthorizationMatrixTests)}.{nameof(Matrix)}: {string.Join("; ", missing)}");
        Assert.True(stale.Count == 0, $"Rows for endpoints that do not exist: {string.Join("; ", stale)}");
    }

    [Fact]
    public async Task EveryEndpointAllowsAndDeniesEveryCallerAsTheMatrixSays()
    {
        var seed = await SeedAsync();
        var failures = new List<string>();
        foreach (var (key, path) in Endpoints())
        {
            var row = Matrix.GetValueOrDefault(key) ?? (IsEnvelope(key) ? EnvelopeRow(path) : null);
            if (row is null)
            {
                continue; // reported by EveryEndpointHasARowAndEveryRowAnEndpoint
            }
            foreach (var (caller, token) in NotSignedIn.Concat(SignedIn))
            {
                using var client = app.CreateClientWithToken(token());
                using var response = await client.SendAsync(row.Request(seed));
                var failure = Check(response, row.Allowed.Contains(caller), NotSignedIn.ContainsKey(caller), row.MayFailInside);
                if (failure is not null)
                {
                    failures.Add($"{key} as {caller}: {failure}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Check(HttpResponseMessage response, bool allowed, bool notSignedIn, bool mayFailInside)
    {
        var status = (int)response.StatusCode;
        if (allowed)
        {
            return status is 401 or 403 ? $"expected through, got {status}"
                : status >= 500 && !mayFailInside ? $"expected through, got {status}"
                : null;
        }
        var expected = notSignedIn ? 401 : 403;
        if (status != expected)
        {
            return $"expected {expected}, got {status}";
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"expected problem details, got {response.Content.Headers.ContentType}";
        }
        if (notSignedIn && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
        {
            return "expected WWW-Authenticate: Bearer";
        }
        return null;
    }

    private async Task<Seed> SeedAsync()
    {
        var owner = app.CreateClient(OwnerId, "李娜", Roles.Technician);
        var intake = Api.Intake(customer: "矩阵种子设备厂") as object;
        var body = System.Text.Json.JsonSerializer.SerializeToNode(intake, Api.Options)!.AsObject();
        body.Remove("takenBy"); // the owner takes it themselves
        var created = await owner.PostAsync("/api/complaints", JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();
        await Poll.UntilAsync(async () => (await (await owner.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
            state => state == "awaitingTriage", what: $"{number} routed to marketing");
        var link = await (await owner.PostAsync($"/api/complaints/{number}/status-link", null)).ReadJsonAsync();
        return new Seed(number, link["token"]!.GetValue<string>());
    }

    private IEnumerable<(string Key, string Path)> Endpoints()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                yield return ($"{method} {endpoint.RoutePattern.RawText}", endpoint.RoutePattern.RawText ?? "");
            }
        }
    }

    private bool IsEnvelope(string key) =>
        app.Services.GetRequiredService<AfterSales.Functions.FunctionCatalog>().NonHttp.Any(f => key == $"POST /{f.Name}");

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, object? body) =>
        new(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: Api.Options) };

    internal static object WebForm(string customer = "网上客户有限公司", string? phone = "13700000000", string? demand = null, string? description = null) => new
    {
        kind = "complaint",
        customer = new { name = customer, contact = "陈先生", phone, province = "浙江" },
        product = "CNC-850",
        customerDemand = demand ?? "请尽快联系",
        description = description ?? "设备无法启动",
    };
}

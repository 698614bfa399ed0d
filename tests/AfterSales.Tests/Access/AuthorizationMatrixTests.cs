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
    /// <summary>Readers of the seeded complaint who also hold a triage or dispatch role.</summary>
    private static readonly string[] TriageReaders = [Roles.Marketing, Roles.Supervisor];

    /// <summary>What a row needs: a complaint routed to marketing (owned by <see cref="OwnerId"/>) and a status link for it.</summary>
    public sealed record Seed(string Number, string StatusToken);

    public sealed record Row(Func<Seed, HttpRequestMessage> Request, string[] Allowed, bool MayFailInside = false);

    /// <summary>The matrix: "METHOD route-pattern" → the request to send and who may get through.</summary>
    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["GET /api/health"] = new(_ => Get("/api/health"), Everyone),
        // The HTTP function's envelope, for a host that does not proxy (Functions/HttpEnvelope.cs): the
        // host posts it without a token, so everyone gets through; the request inside carries its own
        // token and is checked when it comes back in (HttpEnvelopeTests).
        ["POST /HttpApi"] = new(_ => Post("/HttpApi", new { Data = new { }, Metadata = new { } }), Everyone),
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
        // Looking after the change feed: admins only. Replays and retries are safe to repeat (receipts, idempotent subscribers).
        ["GET /api/admin/feed/"] = new(_ => Get("/api/admin/feed"), [Roles.Admin]),
        ["GET /api/admin/feed/{name}/poison"] = new(_ => Get("/api/admin/feed/RouteComplaint/poison"), [Roles.Admin]),
        ["POST /api/admin/feed/{name}/poison/retry"] = new(_ => Post("/api/admin/feed/IndexComplaint/poison/retry", null), [Roles.Admin]),
        ["POST /api/admin/feed/{name}/replay"] = new(s => Post("/api/admin/feed/IndexComplaint/replay", new { recordKind = "complaint", recordId = s.Number }), [Roles.Admin]),
        ["POST /api/public/complaints"] = new(_ => Post("/api/public/complaints", WebForm()), Everyone),
        ["GET /api/public/status/{token}"] = new(s => Get($"/api/public/status/{s.StatusToken}"), Everyone),
        // Lists: oversight lists everything, others their own department (or their own first contacts).
        ["GET /api/complaints/"] = new(_ => Get("/api/complaints?department=marketing"), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/complaints/{number}/timeline"] = new(s => Get($"/api/complaints/{s.Number}/timeline"), ComplaintReaders),
        ["POST /api/complaints/{number}/follow-ups"] = new(s => Post($"/api/complaints/{s.Number}/follow-ups", new { description = "x" }), ComplaintReaders),
        // Lifecycle actions: role policy first, then the record rule. Sent without If-Match, so
        // whoever gets through is answered 428 and the seeded complaint never changes.
        ["POST /api/complaints/{number}/triage"] = new(s => Post($"/api/complaints/{s.Number}/triage", new { path = "qualityRemote", analysis = "x" }), TriageReaders),
        ["POST /api/complaints/{number}/triage/revision"] = new(s => Post($"/api/complaints/{s.Number}/triage/revision", new { path = "qualityRemote", analysis = "x", reason = "y" }), TriageReaders),
        ["POST /api/complaints/{number}/approval"] = new(s => Post($"/api/complaints/{s.Number}/approval", new { approved = true }), [Roles.Management]),
        ["POST /api/complaints/{number}/dispatch"] = new(s => Post($"/api/complaints/{s.Number}/dispatch", new { technician = new { id = "t-1", name = "赵" } }), TriageReaders),
        ["POST /api/complaints/{number}/work/start"] = new(s => Post($"/api/complaints/{s.Number}/work/start", new { }), ComplaintReaders),
        ["POST /api/complaints/{number}/arrival"] = new(s => Post($"/api/complaints/{s.Number}/arrival", new { }), ComplaintReaders),
        ["POST /api/complaints/{number}/resolution"] = new(s => Post($"/api/complaints/{s.Number}/resolution", new { summary = "x" }), ComplaintReaders),
        ["POST /api/complaints/{number}/confirmation"] = new(s => Post($"/api/complaints/{s.Number}/confirmation", new { satisfied = true }), ComplaintReaders),
        ["POST /api/complaints/{number}/reopen"] = new(s => Post($"/api/complaints/{s.Number}/reopen", new { reason = "x" }), ComplaintReaders),
        ["POST /api/complaints/{number}/revisit"] = new(s => Post($"/api/complaints/{s.Number}/revisit", new { note = "x" }), ComplaintReaders),
        ["POST /api/complaints/{number}/links"] = new(s => Post($"/api/complaints/{s.Number}/links", new { number = "KS-202601-0001" }), ComplaintReaders),
        ["POST /api/complaints/{number}/steps/{stepId}/transfer"] = new(s => Post($"/api/complaints/{s.Number}/steps/s1/transfer", new { department = "quality", note = "x" }), ComplaintReaders),
        ["POST /api/complaints/{number}/steps/{stepId}/assignment"] = new(s => Post($"/api/complaints/{s.Number}/steps/s1/assignment", new { }), ComplaintReaders),
        ["POST /api/complaints/{number}/steps/{stepId}/pause"] = new(s => Post($"/api/complaints/{s.Number}/steps/s1/pause", new { reason = "waitingOnCustomer" }), ComplaintReaders),
        ["POST /api/complaints/{number}/steps/{stepId}/resume"] = new(s => Post($"/api/complaints/{s.Number}/steps/s1/resume", new { }), ComplaintReaders),
        ["GET /api/vocabulary"] = new(_ => Get("/api/vocabulary"), AnyStaff),
        // The staff console (StaffConsole/): files and sign-in settings hold no data, so anyone loads
        // them; every API call the pages make carries the signed-in person's token.
        ["GET /"] = new(_ => Get("/"), Everyone),
        ["GET /api/console/{**path}"] = new(_ => Get("/api/console/app.js"), Everyone),
        ["GET /api/console/settings"] = new(_ => Get("/api/console/settings"), Everyone),
        // Customer cards: anyone on staff takes complaints, so anyone on staff finds and records customers.
        ["POST /api/customers/"] = new(_ => Post("/api/customers", new { name = "矩阵客户" }), AnyStaff),
        ["GET /api/customers/"] = new(_ => Get("/api/customers?name=矩阵"), AnyStaff),
        ["GET /api/customers/{id}"] = new(_ => Get("/api/customers/CU0000000000"), AnyStaff),
        ["PUT /api/customers/{id}"] = new(_ => new HttpRequestMessage(HttpMethod.Put, "/api/customers/CU0000000000") { Content = JsonContent.Create(new { name = "x" }) }, AnyStaff),
        ["GET /api/customers/{id}/history"] = new(_ => Get("/api/customers/CU0000000000/history"), AnyStaff),
        ["POST /api/customers/{id}/visits"] = new(_ => Post("/api/customers/CU0000000000/visits", new { topic = "x" }), AnyStaff),
        ["GET /api/customers/{id}/visits"] = new(_ => Get("/api/customers/CU0000000000/visits"), AnyStaff),
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

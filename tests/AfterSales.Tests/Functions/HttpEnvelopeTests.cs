using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AfterSales.Functions;
using AfterSales.Functions.Local;
using AfterSales.Tests.Access;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AfterSales.Tests.Functions;

/// <summary>
/// The app in-process, its HTTP envelopes sent back into the in-memory test server: it has no
/// socket to loop back to. <see cref="HttpEnvelopeProcessTests"/> covers the real loopback.
/// </summary>
public sealed class HttpEnvelopeAppFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton(_ => new HttpEnvelopeLoopback(() => (Server.BaseAddress, Server.CreateHandler()))));
    }
}

/// <summary>Host-shaped envelopes for the HTTP function, the way a host that does not proxy sends them.</summary>
public class HttpEnvelopeTests(HttpEnvelopeAppFixture app) : IClassFixture<HttpEnvelopeAppFixture>
{
    private static readonly string Route = "/" + AppCatalog.All.Single(f => f.IsHttp).Name;

    /// <summary>The request payload as the host writes it (GetRequestAsJObject): header values are arrays, Query a JSON string.</summary>
    internal static JsonObject Envelope(string method, string pathAndQuery, string? token = null, string? body = null, string? contentType = null,
        IDictionary<string, string>? headers = null)
    {
        var h = new JsonObject { ["Host"] = new JsonArray("aftersales.example"), ["Accept"] = new JsonArray("application/json") };
        if (token is not null)
        {
            h["Authorization"] = new JsonArray($"Bearer {token}");
        }
        if (contentType is not null)
        {
            h["Content-Type"] = new JsonArray(contentType);
        }
        if (body is not null)
        {
            h["Content-Length"] = new JsonArray(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            h[name] = new JsonArray(value);
        }
        var req = new JsonObject
        {
            ["Url"] = $"https://aftersales.example{pathAndQuery}",
            ["Method"] = method,
            ["Query"] = "{}",
            ["Headers"] = h,
            ["Params"] = new JsonObject { ["path"] = pathAndQuery.Split('?')[0].Replace("/api/", "", StringComparison.OrdinalIgnoreCase) },
            ["Identities"] = "[]",
        };
        if (body is not null)
        {
            req["Body"] = body;
        }
        return new JsonObject
        {
            ["Data"] = new JsonObject { ["req"] = req },
            ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = "HttpApi", ["UtcNow"] = DateTime.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() } },
        };
    }

    /// <summary>Posts like the host: to /HttpApi, without any user token of its own.</summary>
    private async Task<JsonNode> InvokeAsync(JsonObject envelope)
    {
        using var host = app.CreateClientWithToken(null);
        var response = await host.PostAsync(Route, new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        AssertHostShape(answer);
        return answer["Outputs"]!["res"]!;
    }

    internal static void AssertHostShape(JsonNode answer)
    {
        Assert.Empty(answer["Logs"]!.AsArray());
        Assert.True(answer.AsObject().TryGetPropertyValue("ReturnValue", out var returned) && returned is null);
        var res = answer["Outputs"]!["res"]!;
        Assert.Equal(res["statusCode"]!.GetValue<int>(), res["status"]!.GetValue<int>());
        // The host writes each header with ToString(): one string per header, never an array.
        Assert.All(res["headers"]!.AsObject(), h => Assert.Equal(JsonValueKind.String, h.Value!.GetValueKind()));
        Assert.Equal(JsonValueKind.String, res["body"]!.GetValueKind());
    }

    private static JsonNode Body(JsonNode res) => JsonNode.Parse(res["body"]!.GetValue<string>())!;

    private static string Header(JsonNode res, string name) =>
        res["headers"]!.AsObject().Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value!.GetValue<string>();

    [Fact]
    public async Task AGetForHealthAnswersWithTheResponseEnvelope()
    {
        var res = await InvokeAsync(Envelope("GET", "/api/health"));

        Assert.Equal(200, res["statusCode"]!.GetValue<int>());
        Assert.StartsWith("application/json", Header(res, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal("healthy", Body(res)["status"]!.GetValue<string>());
        Assert.DoesNotContain(res["headers"]!.AsObject(), h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnAuthorizedGetIsCheckedAgainstTheCallersBearerToken()
    {
        var taken = await app.CreateClient().PostJsonAsync("/api/complaints", Api.Intake(customer: "信封读取客户"));
        var number = (await taken.ReadJsonAsync())["number"]!.GetValue<string>();

        var res = await InvokeAsync(Envelope("GET", $"/api/complaints/{number}", token: TestTokens.For("u-wang", "王芳", "marketing")));
        Assert.Equal(200, res["statusCode"]!.GetValue<int>());
        Assert.Equal(number, Body(res)["number"]!.GetValue<string>());
        Assert.Equal("信封读取客户", Body(res)["customer"]!["name"]!.GetValue<string>());
        Assert.Matches("^\"[0-9]+\"$", Header(res, "ETag"));

        // The same request without the token is the API's own 401, carried in the envelope.
        var anonymous = await InvokeAsync(Envelope("GET", $"/api/complaints/{number}"));
        Assert.Equal(401, anonymous["statusCode"]!.GetValue<int>());
        Assert.Equal("Bearer", Header(anonymous, "WWW-Authenticate"));
        Assert.Equal("application/problem+json", Header(anonymous, "Content-Type"));
    }

    [Fact]
    public async Task APostWithAJsonBodyTakesAComplaint()
    {
        var intake = JsonSerializer.Serialize(Api.Intake(customer: "信封受理客户", description: "主轴异响, 经信封提交"), Api.Options);
        var key = Guid.NewGuid().ToString("N");
        var envelope = Envelope("POST", "/api/complaints", token: TestTokens.For("u-wang", "王芳", "marketing"), body: intake,
            contentType: "application/json; charset=utf-8", headers: new Dictionary<string, string> { ["Idempotency-Key"] = key });

        var res = await InvokeAsync(envelope);

        Assert.Equal(201, res["statusCode"]!.GetValue<int>());
        var number = Body(res)["number"]!.GetValue<string>();
        Assert.Matches("^KS-[0-9]{6}-[0-9]{4}$", number);
        Assert.Equal($"/api/complaints/{number}", Header(res, "Location"));
        Assert.StartsWith("application/json", Header(res, "Content-Type"), StringComparison.Ordinal);
        var stored = await (await app.CreateClient().GetAsync($"/api/complaints/{number}")).ReadJsonAsync();
        Assert.Equal("信封受理客户", stored["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("主轴异响, 经信封提交", stored["details"]!["description"]!.GetValue<string>());

        // The host retries a failed invocation with the same envelope: the Idempotency-Key travels too.
        var again = await InvokeAsync(envelope);
        Assert.Equal(200, again["statusCode"]!.GetValue<int>());
        Assert.Equal("true", Header(again, "Idempotent-Replayed"));
        Assert.Equal(number, Body(again)["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheQueryStringTravelsInTheUrl()
    {
        var res = await InvokeAsync(Envelope("GET", "/api/complaints?month=209901&pageSize=0", token: TestTokens.For("u-wang", "王芳", "marketing")));
        Assert.Equal(400, res["statusCode"]!.GetValue<int>());
        Assert.Contains("between 1 and 200", Body(res)["errors"]!["pageSize"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABinaryBodyTheHostReadAsTextIsRefusedNotCorrupted()
    {
        var res = await InvokeAsync(Envelope("POST", "/api/complaints", token: TestTokens.For("u-wang", "王芳", "marketing"),
            body: "\uFFFDPNG\r\n", contentType: "image/png"));
        Assert.Equal(415, res["statusCode"]!.GetValue<int>());
        Assert.Equal("application/problem+json", Header(res, "Content-Type"));
        Assert.Contains("application/octet-stream", Body(res)["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkedBodyTheHostDroppedIsRefused()
    {
        var envelope = Envelope("POST", "/api/complaints", token: TestTokens.For("u-wang", "王芳", "marketing"), contentType: "application/json",
            headers: new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" });
        var res = await InvokeAsync(envelope);
        Assert.Equal(411, res["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEnvelopeForTheEnvelopeRouteItselfDoesNotLoop()
    {
        var inner = Envelope("GET", "/api/health").ToJsonString();
        var res = await InvokeAsync(Envelope("POST", Route, body: inner, contentType: "application/json"));
        Assert.Equal(508, res["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task AMalformedEnvelopeFailsTheInvocation()
    {
        using var host = app.CreateClientWithToken(null);
        foreach (var bad in new[] { "{not json", """{"Data":{}}""", """{"Data":{"req":{"Method":"GET"}}}""", """{"Data":{"req":{"Url":"/api/health","Method":"GET"}}}""" })
        {
            var response = await host.PostAsync(Route, new StringContent(bad, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task AnEnvelopeThatCameThroughAFrontEndIsNotTakenAsAnInvocation()
    {
        using var caller = app.CreateClientWithToken(null);
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StringContent(Envelope("GET", "/api/health").ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await caller.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

/// <summary>The pieces of the envelope on their own: what is read, what is refused, where it is sent.</summary>
public class HttpEnvelopeMappingTests
{
    private static JsonElement Parse(JsonObject envelope) => JsonDocument.Parse(envelope.ToJsonString()).RootElement;

    [Fact]
    public void TheHostsRequestPayloadBecomesTheRequestToSend()
    {
        var envelope = HttpEnvelopeTests.Envelope("PATCH", "/api/complaints/KS-202611-0001?x=1&x=2&y=%E4%B8%AD", token: "t", body: "{\"a\":\"中\"}",
            contentType: "application/json", headers: new Dictionary<string, string> { ["Accept-Encoding"] = "gzip", ["If-Match"] = "\"3\"" });
        var inner = HttpEnvelope.ReadRequest(Parse(envelope), "req");

        Assert.Equal(HttpMethod.Patch, inner.Method);
        Assert.Equal("/api/complaints/KS-202611-0001?x=1&x=2&y=%E4%B8%AD", inner.PathAndQuery);
        Assert.Equal("aftersales.example", inner.Host);
        Assert.Equal("{\"a\":\"中\"}"u8.ToArray(), inner.Body);
        Assert.Contains(inner.Headers, h => h.Key == "If-Match" && h.Value.SequenceEqual(["\"3\""]));
        Assert.DoesNotContain(inner.Headers, h => h.Key is "Host" or "Content-Length" or "Accept-Encoding");

        using var message = HttpEnvelope.ToHttpRequestMessage(inner, new Uri("http://127.0.0.1:5123/"));
        Assert.Equal("http://127.0.0.1:5123/api/complaints/KS-202611-0001?x=1&x=2&y=%E4%B8%AD", message.RequestUri!.OriginalString);
        Assert.Equal("aftersales.example", message.Headers.Host);
        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
        Assert.True(message.Headers.Contains(HttpEnvelope.HopHeader));
    }

    [Fact]
    public void BytesTheHostWritesAsBase64AreDecodedExactly()
    {
        byte[] bytes = [0x00, 0xFF, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A];
        var envelope = HttpEnvelopeTests.Envelope("POST", "/api/x", body: Convert.ToBase64String(bytes), contentType: "application/octet-stream");
        Assert.Equal(bytes, HttpEnvelope.ReadRequest(Parse(envelope), "req").Body);
    }

    [Theory]
    [InlineData("image/png", 415)]
    [InlineData("application/pdf", 415)]
    [InlineData("text/plain; charset=gb2312", 415)]
    public void BodiesTheHostCouldNotCarryAreRefused(string contentType, int status)
    {
        var envelope = HttpEnvelopeTests.Envelope("POST", "/api/x", body: "abc", contentType: contentType);
        var refusal = Assert.Throws<EnvelopeRefusal>(() => HttpEnvelope.ReadRequest(Parse(envelope), "req"));
        Assert.Equal(status, refusal.Status);
    }

    [Fact]
    public async Task ABinaryAnswerIsRefusedAndTextIsCarriedAsIs()
    {
        using var binary = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0xFF]) };
        binary.Content.Headers.ContentType = new("image/png");
        var refusal = await Assert.ThrowsAsync<EnvelopeRefusal>(() => HttpEnvelope.ToResponseAsync(binary, default));
        Assert.Equal(502, refusal.Status);
        Assert.Equal(502, refusal.AsResponse()["statusCode"]!.GetValue<int>());

        using var text = new HttpResponseMessage(HttpStatusCode.Conflict) { Content = new StringContent("{\"state\":\"已关闭\"}", Encoding.UTF8, "application/problem+json") };
        text.Headers.ETag = new("\"7\"");
        var res = await HttpEnvelope.ToResponseAsync(text, default);
        Assert.Equal(409, res["statusCode"]!.GetValue<int>());
        Assert.Equal("{\"state\":\"已关闭\"}", res["body"]!.GetValue<string>());
        Assert.Equal("\"7\"", res["headers"]!["ETag"]!.GetValue<string>());
        Assert.Equal("application/problem+json; charset=utf-8", res["headers"]!["Content-Type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:7391", "http://127.0.0.1:7391/")]
    [InlineData("http://[::]:80", "http://127.0.0.1:80/")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:7071", "http://localhost:7071/")]
    public void TheLoopbackGoesToTheListenersOwnAddress(string listening, string expected) =>
        Assert.Equal(new Uri(expected), HttpEnvelopeLoopback.LoopbackAddress(["https://127.0.0.1:443", listening]));

    [Fact]
    public void WithoutAPlainHttpListenerThereIsNoLoopback() =>
        Assert.Null(HttpEnvelopeLoopback.LoopbackAddress(["https://127.0.0.1:443", "http://unix:/tmp/s.sock"]));
}

/// <summary>The start-up check of host.json, as it runs under the host (working directory handler/, host.json one up).</summary>
public sealed class HostJsonCheckTests : IDisposable
{
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("aftersales-hostjson");
    private readonly LogLines _log = new();

    private string Handler => Directory.CreateDirectory(Path.Combine(_app.FullName, "handler")).FullName;

    private HostHttpMode? Check(string? hostJson, string? port = "7391")
    {
        if (hostJson is not null)
        {
            File.WriteAllText(Path.Combine(_app.FullName, "host.json"), hostJson);
        }
        return HostJsonCheck.Check(port, Handler, ["HttpApi"], _log);
    }

    [Fact]
    public void TheRepositorysHostJsonProxiesAndNeedsNoWarning()
    {
        Assert.Equal(HostHttpMode.Proxying, Check(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "host.json"))));
        Assert.DoesNotContain(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutProxyingItWarnsThatHttpArrivesAsEnvelopes()
    {
        Assert.Equal(HostHttpMode.Envelope, Check("""{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "handler/AfterSales" } } }"""));
        var warning = Assert.Single(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("enableProxyingHttpRequest", warning, StringComparison.Ordinal);
        Assert.Contains("POST /HttpApi", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLegacyForwardingSettingIsNamedInTheWarning()
    {
        // Comments and trailing commas too, as the host reads them.
        Assert.Equal(HostHttpMode.Forwarding, Check("""
            {
              // legacy
              "customHandler": { "enableForwardingHttpRequest": true, },
            }
            """));
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("enableForwardingHttpRequest", StringComparison.Ordinal));
    }

    [Fact]
    public void OutsideTheHostOrWithoutHostJsonThereIsNothingToCheck()
    {
        Assert.Null(Check("""{ "customHandler": {} }""", port: null));
        Assert.Empty(_log.Lines);
        File.Delete(Path.Combine(_app.FullName, "host.json"));
        Assert.Null(Check(null));
        Assert.DoesNotContain(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnreadableHostJsonIsAWarningNotACrash()
    {
        Assert.Null(Check("{ not json"));
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    public void Dispose() => _app.Delete(true);

    private sealed class LogLines : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel} {formatter(state, exception)}");
    }
}

/// <summary>
/// The built handler as its own process, the way an older host runs it: working directory
/// handler/ under a host.json without proxying, HTTP functions posted as envelopes, each inner
/// request sent back to the handler over real loopback HTTP.
/// </summary>
public sealed class HttpEnvelopeProcessTests(AzuriteFixture azurite) : IDisposable
{
    private static string BuildDir => Path.Combine(AzuriteFixture.RepoRoot, "functions", "AfterSales", "bin",
#if DEBUG
        "Debug",
#else
        "Release",
#endif
        "net10.0");

    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("aftersales-oldhost");

    [Fact]
    public async Task UnderAHostThatDoesNotProxyTheHandlerWarnsAndServesEnvelopesOverLoopback()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "host.json")))!;
        host["customHandler"]!.AsObject().Remove("enableProxyingHttpRequest");
        File.WriteAllText(Path.Combine(_app.FullName, "host.json"), host.ToJsonString());
        var handler = Directory.CreateDirectory(Path.Combine(_app.FullName, "handler")).FullName;
        File.Copy(Path.Combine(BuildDir, "appsettings.json"), Path.Combine(handler, "appsettings.json"));

        var port = Azurite.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = handler, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(BuildDir, "AfterSales.dll"));
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["Storage__Prefix"] = "h" + Guid.NewGuid().ToString("N")[..10];
        start.Environment["Storage__CreateResources"] = "true";
        foreach (var (key, value) in TestTokens.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var output = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            async Task<JsonNode> InvokeAsync(JsonObject envelope)
            {
                var response = await client.PostAsync("/HttpApi", new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                var answer = await response.ReadJsonAsync();
                HttpEnvelopeTests.AssertHostShape(answer);
                return answer["Outputs"]!["res"]!;
            }

            var health = await Poll.UntilAsync(async () =>
            {
                try
                {
                    return await InvokeAsync(HttpEnvelopeTests.Envelope("GET", "/api/health"));
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, res => res is not null || process.HasExited, TimeSpan.FromSeconds(30), "the handler to answer an envelope");
            Assert.True(200 == health!["statusCode"]!.GetValue<int>(), health.ToJsonString());

            var intake = JsonSerializer.Serialize(Api.Intake(customer: "旧主机客户"), Api.Options);
            var taken = await InvokeAsync(HttpEnvelopeTests.Envelope("POST", "/api/complaints", token: TestTokens.For("u-wang", "王芳", "marketing"),
                body: intake, contentType: "application/json"));
            Assert.Equal(201, taken["statusCode"]!.GetValue<int>());
            var number = JsonNode.Parse(taken["body"]!.GetValue<string>())!["number"]!.GetValue<string>();

            var read = await InvokeAsync(HttpEnvelopeTests.Envelope("GET", $"/api/complaints/{number}", token: TestTokens.For("u-wang", "王芳", "marketing")));
            Assert.Equal(200, read["statusCode"]!.GetValue<int>());
            Assert.Equal("旧主机客户", JsonNode.Parse(read["body"]!.GetValue<string>())!["customer"]!["name"]!.GetValue<string>());

            // Logged at start, before the listener opened; the console logger writes it out in the background.
            await Poll.UntilAsync(() => Task.FromResult(output.ToArray()),
                lines => lines.Any(l => l.Contains("does not set customHandler.enableProxyingHttpRequest", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), "the host.json warning in the handler's output");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => _app.Delete(true);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Functions;

/// <summary>
/// HTTP functions for a Functions host that does not proxy them. With
/// <c>customHandler.enableProxyingHttpRequest: true</c> the host sends <c>/api/*</c> to the handler
/// unchanged; a host without that feature (older host versions ignore the setting) posts each
/// HTTP invocation as an envelope to <c>POST /{FunctionName}</c> (<c>POST /HttpApi</c> here) instead.
/// This maps that route for every HTTP function in the catalog, sends the inner request through
/// the app itself and answers with the response envelope, so the same minimal APIs serve both.
/// </summary>
/// <remarks>
/// <para>The shapes, as found (custom handler docs, "Function with bindings" / "HTTP-only function",
/// learn.microsoft.com/azure/azure-functions/functions-custom-handlers; and the host's source,
/// Azure/azure-functions-host):</para>
/// <list type="bullet">
/// <item>Request: <c>{"Data":{"req":{"Url":"http://host/api/order","Method":"POST","Query":…,
/// "Headers":{"Content-Type":["application/json"]},"Params":{},"Body":"{\"id\":1005}"}},"Metadata":{…}}</c>.
/// The host builds <c>req</c> in <c>HttpRequestExtensions.GetRequestAsJObject</c>: <c>Url</c> is
/// scheme, host, path and query string; <c>Query</c> is a JSON string of a dictionary in older hosts
/// and an object in newer ones (so the query is taken from <c>Url</c>, which also keeps repeated
/// keys); header values are arrays; <c>Body</c> is present only when Content-Length &gt; 0, read
/// as text, except for <c>application/octet-stream</c> and <c>multipart/*</c>, which are bytes
/// (base64 in JSON).</item>
/// <item>Response: <c>{"Outputs":{"res":{"statusCode":…,"headers":{…},"body":…}},"Logs":[],"ReturnValue":null}</c>.
/// The host reads <c>res</c> as <c>HttpOutputBindingResponse</c> (<c>StatusCode</c>, <c>Status</c>,
/// <c>Body</c>, <c>Headers</c>; one host version marked all four required, the release notes of
/// host PR #6654 call them optional, so all four are written) and writes each header with
/// <c>ToString()</c> (so values are single strings). A JSON body goes as a string with its
/// Content-Type header, as the host's maintainers advised in azure-functions-host#6575. Only a
/// 2xx answer is read at all (<c>EnsureSuccessStatusCode</c>): the inner status travels in
/// <c>res</c>; a non-2xx answer fails the invocation and the caller gets 500.</item>
/// </list>
/// <para>How the inner request runs: over loopback HTTP to the address the handler listens on
/// (<see cref="HttpEnvelopeLoopback"/>). That is the simplest way that runs the request through the
/// whole pipeline exactly once, as a proxied request would (exception handling, status pages,
/// authentication, authorization, rate limits, body limits, routing), without re-building the
/// pipeline or relying on how <c>WebApplication</c> composes it. The price is one local hop.</para>
/// <para>What the envelope cannot carry is refused, never mangled: a binary body the host read as
/// text (any type but text, JSON, XML, forms, octet-stream and multipart) gets 415; a body the host
/// dropped (sent chunked, without Content-Length) gets 411; a binary or non-UTF-8 response gets 502.
/// Bodies travel whole, in memory, inside the JSON envelope, within Kestrel's request limit.</para>
/// </remarks>
public static class HttpEnvelope
{
    /// <summary>Marks a request this handler sent to itself, so an envelope can never loop back into the envelope route.</summary>
    public const string HopHeader = "X-AfterSales-Http-Envelope";

    /// <summary>The largest inner response carried back (the envelope holds it whole, as JSON text).</summary>
    public const int MaxResponseBytes = 30 * 1024 * 1024;

    private static readonly JsonSerializerOptions HostJson = new();
    private static int _envelopeSeen;

    /// <summary>
    /// Maps <c>POST /{name}</c> for each HTTP function of the catalog and checks, when running under
    /// the host, that <c>host.json</c> asks for proxying.
    /// </summary>
    public static IEndpointRouteBuilder MapHttpEnvelopes(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpEnvelope).FullName!);
        var http = services.GetRequiredService<FunctionCatalog>().All.Where(f => f.IsHttp).ToList();
        HostJsonCheck.Check(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT"), Directory.GetCurrentDirectory(),
            http.Select(f => f.Name).ToList(), logger);

        var loopback = services.GetService<HttpEnvelopeLoopback>() ?? HttpEnvelopeLoopback.ToListener(services.GetRequiredService<IServer>());
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(loopback.Dispose);
        // Anonymous like the other envelope routes: the host posts these itself and carries no user
        // token. The inner request carries the caller's own Authorization header and is checked
        // like any other request when it comes back in over loopback.
        var group = app.MapGroup("").ExcludeFromDescription().AllowAnonymous();
        foreach (var function in http)
        {
            group.MapPost($"/{function.Name}", (HttpContext context, CancellationToken ct) => InvokeAsync(function, context, loopback, logger, ct))
                .WithName($"http-envelope-{function.Name}");
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(FunctionDefinition function, HttpContext context, HttpEnvelopeLoopback loopback, ILogger logger, CancellationToken ct)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(HopHeader))
        {
            return TypedResults.Problem($"An HTTP envelope cannot carry a request to its own route (/{function.Name}).",
                statusCode: StatusCodes.Status508LoopDetected, title: "Envelope loop");
        }
        if (request.Headers.ContainsKey("X-Forwarded-For"))
        {
            // The host posts envelopes itself, from this machine; a request that came through a
            // front end carries a forwarded-for header. The host proxies only /api/*, so this should
            // never happen: defence in depth (the inner request would still be authenticated).
            return TypedResults.Problem("This route takes invocations from the Functions host only.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not an invocation");
        }
        if (Interlocked.Exchange(ref _envelopeSeen, 1) == 0)
        {
            logger.LogWarning(
                "The Functions host (version {HostVersion}) sent HTTP function {Function} as an invocation envelope: it does not proxy HTTP requests. "
                + "They are served through HttpEnvelope: bodies buffered, binary bodies refused. Use a host that honours customHandler.enableProxyingHttpRequest (see docs/deploy.md).",
                request.Headers["X-Azure-Functions-HostVersion"].ToString() is { Length: > 0 } v ? v : "unknown", function.Name);
        }

        InnerRequest inner;
        try
        {
            using var envelope = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            inner = ReadRequest(envelope.RootElement, function.TriggerBindingName);
        }
        catch (Exception ex) when (ex is JsonException or EnvelopeException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation envelope");
        }
        catch (EnvelopeRefusal refusal)
        {
            return Answer(refusal.AsResponse());
        }

        JsonObject res;
        try
        {
            var (baseAddress, invoker) = loopback.Connect();
            using var message = ToHttpRequestMessage(inner, baseAddress);
            using var response = await invoker.SendAsync(message, ct);
            res = await ToResponseAsync(response, ct);
        }
        catch (EnvelopeRefusal refusal)
        {
            res = refusal.AsResponse();
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "HTTP function {Function}: the handler could not reach itself over loopback", function.Name);
            res = new EnvelopeRefusal(StatusCodes.Status502BadGateway, "The handler could not serve the request",
                "The handler could not reach its own HTTP listener to run the request.").AsResponse();
        }
        return Answer(res);
    }

    private static IResult Answer(JsonObject res) =>
        TypedResults.Json(new InvocationResponse(new Dictionary<string, object?> { ["res"] = res }, [], null), HostJson);

    /// <summary>The inner request of an HTTP envelope, as it will be sent to the app.</summary>
    internal sealed record InnerRequest(HttpMethod Method, string PathAndQuery, string Host, IReadOnlyList<KeyValuePair<string, string[]>> Headers, byte[]? Body);

    /// <summary>Hop-by-hop and framing headers: the loopback request gets its own.</summary>
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Expect",
        "Proxy-Connection", "Proxy-Authorization", "Accept-Encoding", HopHeader,
    };

    /// <summary>Reads <c>Data.{binding}</c> of an HTTP envelope into the request to send.</summary>
    /// <exception cref="EnvelopeException">The envelope is not one the host writes.</exception>
    /// <exception cref="EnvelopeRefusal">The envelope cannot carry this request faithfully.</exception>
    internal static InnerRequest ReadRequest(JsonElement envelope, string bindingName)
    {
        if (envelope.ValueKind != JsonValueKind.Object || !TryGetProperty(envelope, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new EnvelopeException("The envelope has no Data.");
        }
        if (!TryGetProperty(data, bindingName, out var req))
        {
            var all = data.EnumerateObject().ToList();
            req = all.Count == 1 ? all[0].Value : throw new EnvelopeException($"The envelope's Data has no '{bindingName}'.");
        }
        if (req.ValueKind == JsonValueKind.String)
        {
            // Some hosts write nested objects as JSON text.
            try
            {
                req = JsonDocument.Parse(req.GetString()!).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new EnvelopeException($"Data.{bindingName} is not an HTTP request.");
            }
        }
        if (req.ValueKind != JsonValueKind.Object)
        {
            throw new EnvelopeException($"Data.{bindingName} is not an HTTP request.");
        }

        var url = TryGetProperty(req, "Url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new EnvelopeException("The request has no Url.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new EnvelopeException($"The request's Url '{url}' is not an absolute http(s) URL.");
        }
        var methodName = TryGetProperty(req, "Method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw new EnvelopeException("The request has no Method.");
        HttpMethod method;
        try
        {
            method = HttpMethod.Parse(methodName);
        }
        catch (FormatException)
        {
            throw new EnvelopeException($"'{methodName}' is not an HTTP method.");
        }

        var headers = new List<KeyValuePair<string, string[]>>();
        var host = uri.Authority;
        string? contentType = null, transferEncoding = null;
        long? contentLength = null;
        if (TryGetProperty(req, "Headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject())
            {
                var values = header.Value.ValueKind switch
                {
                    JsonValueKind.Array => header.Value.EnumerateArray().Select(HeaderText).ToArray(),
                    JsonValueKind.Null => [],
                    _ => [HeaderText(header.Value)],
                };
                var name = header.Name;
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) && values.Length > 0)
                {
                    host = values[0];
                }
                else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = values.FirstOrDefault();
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    transferEncoding = string.Join(", ", values);
                }
                else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
                {
                    contentLength = length;
                }
                if (!NotForwarded.Contains(name))
                {
                    headers.Add(new(name, values));
                }
            }
        }

        byte[]? body = null;
        var hasBody = TryGetProperty(req, "Body", out var b) && b.ValueKind != JsonValueKind.Null;
        if (!hasBody)
        {
            if (!string.IsNullOrEmpty(transferEncoding))
            {
                throw new EnvelopeRefusal(StatusCodes.Status411LengthRequired, "Length required",
                    "The Functions host passes a request body to this app only with a Content-Length; this one was sent without (chunked). Send it with Content-Length.");
            }
            if (contentLength > 0)
            {
                throw new EnvelopeException($"The request declares Content-Length {contentLength} but the envelope carries no Body.");
            }
        }
        else
        {
            body = ReadBody(b, contentType);
        }
        return new InnerRequest(method, uri.PathAndQuery, host, headers, body);
    }

    private static string HeaderText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static byte[] ReadBody(JsonElement body, string? contentType)
    {
        var media = MediaType(contentType);
        if (body.ValueKind != JsonValueKind.String)
        {
            // Not what the host writes (it writes text or base64), but JSON is JSON.
            return Encoding.UTF8.GetBytes(body.GetRawText());
        }
        var text = body.GetString()!;
        if (IsBytesInEnvelope(media.Type))
        {
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new EnvelopeException($"The {media.Type} body is not base64, as the host writes bytes.");
            }
        }
        if (!IsText(media.Type))
        {
            throw new EnvelopeRefusal(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The Functions host passes a {media.Type} body to this app as decoded text, which cannot be turned back into the bytes that were sent. "
                + "Send binary content as application/octet-stream or multipart/form-data.");
        }
        if (media.Charset is { } charset && !IsUtf8(charset))
        {
            throw new EnvelopeRefusal(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Text bodies are accepted in UTF-8 only, not {charset}.");
        }
        return Encoding.UTF8.GetBytes(text);
    }

    internal static HttpRequestMessage ToHttpRequestMessage(InnerRequest inner, Uri baseAddress)
    {
        var target = new Uri($"{baseAddress.GetLeftPart(UriPartial.Authority)}{inner.PathAndQuery}");
        var message = new HttpRequestMessage(inner.Method, target) { Version = HttpVersion.Version11 };
        message.Headers.Host = inner.Host;
        message.Headers.TryAddWithoutValidation(HopHeader, "1");
        var content = inner.Body is null ? null : new ByteArrayContent(inner.Body);
        foreach (var (name, values) in inner.Headers)
        {
            if (message.Headers.TryAddWithoutValidation(name, values))
            {
                continue;
            }
            // Content headers (Content-Type, Content-Language, ...) belong to the content.
            content ??= new ByteArrayContent([]);
            content.Headers.TryAddWithoutValidation(name, values);
        }
        message.Content = content;
        return message;
    }

    /// <summary>Response headers the host sets itself, or that describe this hop only.</summary>
    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Trailer", "Upgrade", "Date", "Server",
    };

    /// <summary>The <c>res</c> output for the app's answer.</summary>
    /// <exception cref="EnvelopeRefusal">The answer cannot be carried by the envelope.</exception>
    internal static async Task<JsonObject> ToResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (NotReturned.Contains(name))
            {
                continue;
            }
            var list = values.ToList();
            if (list.Count > 1 && name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                throw new EnvelopeRefusal(StatusCodes.Status502BadGateway, "The response cannot be carried",
                    "The Functions host takes one value per response header, and cookies cannot be joined into one.");
            }
            headers[name] = string.Join(", ", list);
        }

        var bytes = await ReadCappedAsync(response.Content, ct);
        var contentType = response.Content.Headers.ContentType;
        var text = bytes.Length == 0 ? ""
            : IsText(contentType?.MediaType) && (contentType?.CharSet is not { } charset || IsUtf8(charset)) ? StrictUtf8(bytes)
            : null;
        var body = text ?? throw new EnvelopeRefusal(StatusCodes.Status502BadGateway, "The response cannot be carried",
            $"The answer ({contentType?.ToString() ?? "no content type"}, {bytes.Length} bytes) is not UTF-8 text, and the Functions host's HTTP envelope carries text only.");
        var status = (int)response.StatusCode;
        return new JsonObject
        {
            ["statusCode"] = status,
            ["status"] = status,
            ["headers"] = headers,
            ["body"] = body,
        };
    }

    private static string? StrictUtf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw TooLarge();
        }
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();

        static EnvelopeRefusal TooLarge() => new(StatusCodes.Status502BadGateway, "The response cannot be carried",
            $"The answer is larger than the {MaxResponseBytes} bytes the HTTP envelope carries.");
    }

    private static (string? Type, string? Charset) MediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? (parsed.MediaType, parsed.CharSet) : (contentType, null);

    /// <summary>What the host writes as bytes (base64), after its <c>IsMediaTypeOctetOrMultipart</c>.</summary>
    internal static bool IsBytesInEnvelope(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || mediaType.Contains("multipart/", StringComparison.OrdinalIgnoreCase));

    /// <summary>Media types that are text, so the host's text and this app's bytes agree. No type at all counts as text.</summary>
    internal static bool IsText(string? mediaType) =>
        mediaType is null
        || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.ToLowerInvariant() is "application/json" or "application/xml" or "application/x-www-form-urlencoded" or "application/javascript";

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').ToLowerInvariant() is "utf-8" or "utf8" or "us-ascii";

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}

/// <summary>A request or answer the HTTP envelope cannot carry faithfully: answered to the caller with this status.</summary>
internal sealed class EnvelopeRefusal(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public JsonObject AsResponse()
    {
        var problem = new ProblemDetails { Status = Status, Title = title, Detail = Message };
        return new JsonObject
        {
            ["statusCode"] = Status,
            ["status"] = Status,
            ["headers"] = new JsonObject { ["Content-Type"] = "application/problem+json" },
            ["body"] = JsonSerializer.Serialize(problem, JsonSerializerOptions.Web),
        };
    }
}

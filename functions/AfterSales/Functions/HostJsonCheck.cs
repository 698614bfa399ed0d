using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Functions;

/// <summary>What <c>host.json</c> tells the host to do with HTTP functions.</summary>
public enum HostHttpMode
{
    /// <summary><c>enableProxyingHttpRequest: true</c>: the original request, streamed (what this app is built for).</summary>
    Proxying,
    /// <summary><c>enableForwardingHttpRequest: true</c> (legacy): the original request at its path, buffered by the host.</summary>
    Forwarding,
    /// <summary>Neither: HTTP invocations arrive as envelopes at <c>POST /{FunctionName}</c>.</summary>
    Envelope,
}

/// <summary>
/// At start under the host: reads <c>../host.json</c> (the handler runs in <c>handler/</c>, as
/// host.json's <c>workingDirectory</c> says) and warns when HTTP functions will not be proxied.
/// A warning, not a failure: the envelope form works (HttpEnvelope), only with the limits written
/// there, and refusing to start would also stop the queue and timer functions, which do not
/// depend on it. A host too old to know the setting cannot be told from host.json: the first
/// envelope that arrives logs its own warning.
/// </summary>
public static class HostJsonCheck
{
    public static HostHttpMode? Check(string? customHandlerPort, string workingDirectory, IReadOnlyList<string> httpFunctions, ILogger logger)
    {
        if (string.IsNullOrEmpty(customHandlerPort))
        {
            return null; // not under the host: locally the app is its own host and takes /api/* directly
        }
        var path = Path.GetFullPath(Path.Combine(workingDirectory, "..", "host.json"));
        if (!File.Exists(path))
        {
            logger.LogInformation("No host.json at {Path}: cannot tell whether the Functions host proxies HTTP requests.", path);
            return null;
        }
        JsonNode? handler;
        try
        {
            handler = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?["customHandler"];
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            logger.LogWarning(ex, "host.json at {Path} could not be read: cannot tell whether the Functions host proxies HTTP requests.", path);
            return null;
        }
        if (IsTrue(handler?["enableProxyingHttpRequest"]))
        {
            return HostHttpMode.Proxying;
        }
        var routes = string.Join(", ", httpFunctions.Select(f => $"POST /{f}"));
        if (IsTrue(handler?["enableForwardingHttpRequest"]))
        {
            logger.LogWarning(
                "host.json at {Path} sets the legacy customHandler.enableForwardingHttpRequest instead of enableProxyingHttpRequest: "
                + "HTTP requests arrive at their own paths but buffered, without response streaming. Set \"enableProxyingHttpRequest\": true.", path);
            return HostHttpMode.Forwarding;
        }
        logger.LogWarning(
            "host.json at {Path} does not set customHandler.enableProxyingHttpRequest to true: the Functions host will post HTTP requests "
            + "as invocation envelopes to {Routes}. They are answered (Functions/HttpEnvelope.cs), but bodies are buffered whole, "
            + "binary request bodies other than application/octet-stream and multipart are refused (415), binary responses are refused (502) "
            + "and nothing is streamed. Set \"enableProxyingHttpRequest\": true (see docs/deploy.md).", path, routes);
        return HostHttpMode.Envelope;
    }

    private static bool IsTrue(JsonNode? node) =>
        node is JsonValue value && ((value.TryGetValue<bool>(out var b) && b)
            || (value.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) && parsed));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using AfterSales.Functions;
using Microsoft.Extensions.Options;

namespace AfterSales.Messaging;

/// <summary>
/// At start under the host: the <c>function.json</c> files beside the handler (written at publish
/// for one transport) must trigger on the transport <c>Messaging__Transport</c> names, or the host
/// would read one transport while the app sends on the other and messages would wait unread.
/// Refuses to start on a mismatch; says nothing locally (no host, no function.json).
/// </summary>
public sealed class MessagingStartupCheck(IOptions<MessagingOptions> options, FunctionCatalog catalog, ILogger<MessagingStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var transport = options.Value.Transport;
        var problems = Mismatches(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT"), Directory.GetCurrentDirectory(), catalog, transport);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Messaging:Transport is {transport}, but the published function.json files say otherwise ({string.Join("; ", problems)}). "
                + $"Publish with -p:MessagingTransport={transport}, or set Messaging__Transport to match the package (docs/messaging.md).");
        }
        logger.LogInformation("Messages travel on {Transport}", transport);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Queue functions whose published trigger type is not the one of <paramref name="transport"/>.</summary>
    public static IReadOnlyList<string> Mismatches(string? customHandlerPort, string workingDirectory, FunctionCatalog catalog, MessagingTransport transport)
    {
        if (string.IsNullOrEmpty(customHandlerPort))
        {
            return [];
        }
        var expected = FunctionJson.QueueTriggerType(transport);
        var problems = new List<string>();
        foreach (var (function, _) in catalog.Queues)
        {
            var path = Path.GetFullPath(Path.Combine(workingDirectory, "..", function.Name, "function.json"));
            if (!File.Exists(path))
            {
                continue;
            }
            string? type;
            try
            {
                type = JsonNode.Parse(File.ReadAllText(path))?["bindings"]?.AsArray()
                    .FirstOrDefault(b => b?["direction"]?.GetValue<string>() == "in")?["type"]?.GetValue<string>();
            }
            catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException)
            {
                continue;
            }
            if (type is not null && type != expected)
            {
                problems.Add($"{function.Name}: {type}");
            }
        }
        return problems;
    }
}

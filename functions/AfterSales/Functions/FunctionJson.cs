using System.Text.Json.Nodes;
using AfterSales.Messaging;

namespace AfterSales.Functions;

/// <summary>Writes the <c>function.json</c> the Functions host reads for each function.</summary>
public static class FunctionJson
{
    /// <summary>The app setting prefix of the storage connection the triggers use.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>The binding type of a queue function's trigger on this transport.</summary>
    public static string QueueTriggerType(MessagingTransport transport) =>
        transport == MessagingTransport.ServiceBus ? "serviceBusTrigger" : "queueTrigger";

    public static JsonObject For(FunctionDefinition function, MessagingTransport transport = MessagingTransport.StorageQueues)
    {
        var bindings = new JsonArray();
        switch (function.Trigger)
        {
            case HttpTrigger http:
                bindings.Add(new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = function.TriggerBindingName,
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray([.. http.Methods.Select(m => (JsonNode)m.ToLowerInvariant())]),
                    ["route"] = http.Route,
                });
                bindings.Add(new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" });
                break;
            case QueueTrigger queue when transport == MessagingTransport.ServiceBus:
                bindings.Add(ServiceBusTrigger(function, ServiceBusEntities.For(queue)));
                break;
            case QueueTrigger queue:
                bindings.Add(new JsonObject
                {
                    ["type"] = "queueTrigger",
                    ["direction"] = "in",
                    ["name"] = function.TriggerBindingName,
                    ["queueName"] = queue.QueueName,
                    ["connection"] = StorageConnection,
                });
                break;
            case TimerTrigger timer:
                bindings.Add(new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = function.TriggerBindingName,
                    ["schedule"] = timer.Schedule,
                    ["runOnStartup"] = false,
                    ["useMonitor"] = true,
                });
                break;
            default:
                throw new InvalidOperationException($"No function.json shape for {function.Trigger}");
        }
        return new JsonObject { ["bindings"] = bindings };
    }

    /// <summary>
    /// A Service Bus trigger with an identity-based connection (<c>ServiceBusConnection__fullyQualifiedNamespace</c>,
    /// <c>__credential</c>, <c>__clientId</c>); the host's extension bundle provides it, so the handler needs no package.
    /// </summary>
    private static JsonObject ServiceBusTrigger(FunctionDefinition function, ServiceBusEntity entity)
    {
        var binding = new JsonObject
        {
            ["type"] = QueueTriggerType(MessagingTransport.ServiceBus),
            ["direction"] = "in",
            ["name"] = function.TriggerBindingName,
        };
        if (entity.QueueName is { } queueName)
        {
            binding["queueName"] = queueName;
        }
        else
        {
            binding["topicName"] = entity.TopicName;
            binding["subscriptionName"] = entity.SubscriptionName;
        }
        binding["connection"] = ServiceBusEntities.Connection;
        binding["isSessionsEnabled"] = entity.Sessions;
        return binding;
    }

    /// <summary>Writes one folder per function, each with its <c>function.json</c>, under <paramref name="appRoot"/>.</summary>
    public static IReadOnlyList<string> WriteAll(string appRoot, IEnumerable<FunctionDefinition> functions, MessagingTransport transport = MessagingTransport.StorageQueues)
    {
        var written = new List<string>();
        foreach (var function in functions)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, For(function, transport).ToJsonString(new() { WriteIndented = true }) + "\n");
            written.Add(path);
        }
        return written;
    }
}

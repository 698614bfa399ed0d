using System.Text.Json.Nodes;

namespace AfterSales.Functions;

/// <summary>Writes the <c>function.json</c> the Functions host reads for each function.</summary>
public static class FunctionJson
{
    /// <summary>The app setting prefix of the storage connection the triggers use.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    public static JsonObject For(FunctionDefinition function)
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

    /// <summary>Writes one folder per function, each with its <c>function.json</c>, under <paramref name="appRoot"/>.</summary>
    public static IReadOnlyList<string> WriteAll(string appRoot, IEnumerable<FunctionDefinition> functions)
    {
        var written = new List<string>();
        foreach (var function in functions)
        {
            var folder = Path.Combine(appRoot, function.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllText(path, For(function).ToJsonString(new() { WriteIndented = true }) + "\n");
            written.Add(path);
        }
        return written;
    }
}

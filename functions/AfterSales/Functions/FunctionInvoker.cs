using System.Text.Json;

namespace AfterSales.Functions;

/// <summary>
/// Runs a non-HTTP function for one envelope. The envelope endpoints (what the Functions host
/// calls) and the local runner (what plays the host in Development) both come through here.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, FunctionCatalog catalog, ILogger<FunctionInvoker> logger)
{
    public async Task<(bool Succeeded, InvocationResponse Response)> InvokeAsync(
        string functionName, InvocationRequest request, CancellationToken cancellationToken)
    {
        var function = catalog.Find(functionName)
            ?? throw new EnvelopeException($"No function named '{functionName}'.");
        var logs = new List<string>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService(function.Handler!);
            switch (function.Trigger, handler)
            {
                case (QueueTrigger, IQueueFunction queue):
                    var message = Envelope.ReadQueueMessage(request, function.TriggerBindingName);
                    logs.Add($"{function.Name}: message {message.MessageId} (dequeue {message.DequeueCount})");
                    await queue.HandleAsync(message, cancellationToken);
                    break;
                case (TimerTrigger, ITimerFunction timer):
                    await timer.RunAsync(Envelope.ReadTimer(request, function.TriggerBindingName), cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"{function.Name} has no handler for {function.Trigger}.");
            }
            return (true, new InvocationResponse([], logs, null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Failing the invocation makes the host retry and, in the end, poison the message.
            logger.LogError(ex, "Function {Function} failed", function.Name);
            logs.Add($"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
            return (false, new InvocationResponse([], logs, null));
        }
    }

    public static InvocationRequest ParseRequest(string json) =>
        JsonSerializer.Deserialize<InvocationRequest>(json) ?? throw new EnvelopeException("The envelope is empty.");
}

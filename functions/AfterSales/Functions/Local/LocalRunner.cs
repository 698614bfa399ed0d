using System.Globalization;
using System.Text.Json;
using AfterSales.Storage;
using Azure.Storage.Queues.Models;
using Cronos;
using Microsoft.Extensions.Options;

namespace AfterSales.Functions.Local;

/// <summary>
/// Plays the Functions host in Development: polls the queues and fires the timers of the
/// function list, and invokes each function with the envelope the host would send, with the
/// host's retry and <c>&lt;queue&gt;-poison</c> behaviour.
/// </summary>
public sealed class LocalRunner(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    StorageAccount storage,
    IOptions<LocalRunnerOptions> options,
    TimeProvider clock,
    ILogger<LocalRunner> logger) : BackgroundService
{
    private readonly LocalRunnerOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }
        var loops = catalog.Queues.Select(q => PollQueueAsync(q.Function, q.Trigger, stoppingToken)).ToList();
        if (_options.Timers)
        {
            loops.AddRange(catalog.Timers.Select(t => RunTimerAsync(t.Function, t.Trigger, stoppingToken)));
        }
        logger.LogInformation("Local runner: {Queues} queue and {Timers} timer functions",
            catalog.Queues.Count(), _options.Timers ? catalog.Timers.Count() : 0);
        return Task.WhenAll(loops);
    }

    /// <summary>The host's queue <c>batchSize</c>; a new batch is fetched once half of it is done (<c>newBatchThreshold</c>).</summary>
    public const int BatchSize = 16;

    /// <summary>
    /// Like the host: up to <see cref="BatchSize"/> messages in hand, the next ones fetched as soon as
    /// half of them are done (not after the slowest of a batch), backing off only while the queue is empty.
    /// </summary>
    private async Task PollQueueAsync(FunctionDefinition function, QueueTrigger trigger, CancellationToken ct)
    {
        var queue = storage.Queue(trigger.QueueName);
        var poison = storage.Queue(StorageNames.Poison(trigger.QueueName));
        var wait = _options.MinPollingInterval;
        var inFlight = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > BatchSize / 2)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(BatchSize - inFlight.Count, _options.VisibilityTimeout, ct)).Value;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Polling {Queue} failed", queue.Name);
                messages = [];
            }
            if (messages.Length == 0)
            {
                if (inFlight.Count > 0)
                {
                    // Work in hand: look again when some of it is done, or shortly.
                    await Task.WhenAny(Task.WhenAny(inFlight), Task.Delay(_options.MinPollingInterval, CancellationToken.None));
                    continue;
                }
                // Back off while the queue is empty, but wake at once when this process sends to it.
                await storage.Activity.WaitAsync(trigger.QueueName, wait, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollingInterval.Ticks));
                continue;
            }
            wait = _options.MinPollingInterval;
            inFlight.AddRange(messages.Select(m => ProcessAsync(function, queue, poison, m, ct)));
        }
        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(FunctionDefinition function, Azure.Storage.Queues.QueueClient queue,
        Azure.Storage.Queues.QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        try
        {
            var envelope = QueueEnvelope(function, message);
            var (ok, _) = await invoker.InvokeAsync(function.Name, FunctionInvoker.ParseRequest(envelope), ct);
            if (ok)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }
            else if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                logger.LogWarning("{Function}: message {Id} failed {Count} times; moving it to {Poison}",
                    function.Name, message.MessageId, message.DequeueCount, poison.Name);
                await poison.SendMessageAsync(message.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.RetryDelay, cancellationToken: ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The message becomes visible again after its timeout and is retried: nothing is lost.
            logger.LogWarning(ex, "{Function}: handling message {Id} failed in the runner", function.Name, message.MessageId);
        }
    }

    /// <summary>The envelope the host posts for a queue message (metadata as the host writes it).</summary>
    internal string QueueEnvelope(FunctionDefinition function, QueueMessage message)
    {
        var now = clock.GetUtcNow();
        return JsonSerializer.Serialize(new
        {
            Data = new Dictionary<string, object> { [function.TriggerBindingName] = message.Body.ToString() },
            Metadata = new Dictionary<string, object?>
            {
                ["DequeueCount"] = message.DequeueCount,
                ["ExpirationTime"] = message.ExpiresOn?.ToString("O", CultureInfo.InvariantCulture),
                ["Id"] = message.MessageId,
                ["InsertionTime"] = message.InsertedOn?.ToString("O", CultureInfo.InvariantCulture),
                ["NextVisibleTime"] = message.NextVisibleOn?.ToString("O", CultureInfo.InvariantCulture),
                ["PopReceipt"] = message.PopReceipt,
                ["sys"] = new { MethodName = function.Name, UtcNow = now.ToString("O", CultureInfo.InvariantCulture), RandGuid = Guid.NewGuid() },
            },
        });
    }

    private async Task RunTimerAsync(FunctionDefinition function, TimerTrigger trigger, CancellationToken ct)
    {
        var cron = CronExpression.Parse(trigger.Schedule, CronFormat.IncludeSeconds);
        DateTimeOffset? last = null;
        while (!ct.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }
            await DelayAsync(next.Value - now, clock, ct);
            if (ct.IsCancellationRequested)
            {
                return;
            }
            var envelope = JsonSerializer.Serialize(new
            {
                Data = new Dictionary<string, object>
                {
                    [function.TriggerBindingName] = new
                    {
                        Schedule = new { AdjustForDST = true },
                        ScheduleStatus = new { Last = last?.ToString("O", CultureInfo.InvariantCulture), Next = next.Value.ToString("O", CultureInfo.InvariantCulture), LastUpdated = now.ToString("O", CultureInfo.InvariantCulture) },
                        IsPastDue = false,
                    },
                },
                Metadata = new Dictionary<string, object> { ["sys"] = new { MethodName = function.Name } },
            });
            await invoker.InvokeAsync(function.Name, FunctionInvoker.ParseRequest(envelope), ct);
            last = next;
        }
    }

    /// <summary>Polling waits in real time; timers wait on the app's clock, which tests may move.</summary>
    private static async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

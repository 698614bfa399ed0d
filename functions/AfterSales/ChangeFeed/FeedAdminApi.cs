using AfterSales.Access;
using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.ChangeFeed;

/// <summary>
/// How one queue of the feed is doing: messages waiting, and given up on (a Storage queue's poison
/// queue, a Service Bus dead-letter queue). On Service Bus the waiting count needs manage rights
/// the app does not hold: it is left out there (the namespace's ActiveMessages metric shows it).
/// </summary>
public sealed record FeedQueueStatus(string Name, string Queue, int? Waiting, int Poisoned);

/// <summary>What to replay to a subscriber: one record's history (from a sequence), or a period of the feed log.</summary>
public sealed record ReplayRequest(string? RecordKind, string? RecordId, int? FromSequence, DateTimeOffset? Since, DateTimeOffset? Until);

public sealed record ReplayResult(string Subscriber, int Events);

public sealed record RetryResult(string Queue, int Moved);

/// <summary>Admin endpoints to look after the change feed: its queues, their poisoned messages, replays.</summary>
public static class FeedAdminApi
{
    public static IEndpointRouteBuilder MapFeedAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/feed").WithTags("Administration").RequireAuthorization(Policies.Admin)
            .ProducesProblems(400, 401, 403, 404);
        api.MapGet("/", StatusAsync).WithName("GetFeedStatus")
            .WithSummary("The feed's queues: messages waiting and poisoned, for the publisher and each subscriber.");
        api.MapGet("/{name}/poison", PoisonedAsync).WithName("ListPoisonedFeedMessages")
            .WithSummary("Messages a subscriber (or PublishChanges) failed on five times, as they wait in its poison queue (Service Bus: its dead-letter queue, with the reason).");
        api.MapPost("/{name}/poison/retry", RetryAsync).WithName("RetryPoisonedFeedMessages")
            .WithSummary("After a fix: move the poisoned (dead-lettered) messages back to the queue; events already handled are not handled again.");
        api.MapPost("/{name}/replay", ReplayAsync).WithName("ReplayFeed")
            .WithSummary("After a fix: send a subscriber a record's stored history (recordKind, recordId, fromSequence) or a period of the feed (since, until).");
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<FeedQueueStatus>>> StatusAsync(FeedSubscriptions subscriptions, IParkedMessages parked, CancellationToken ct)
    {
        var queues = subscriptions.All.Select(s => (s.Name, s.Trigger)).Prepend((Name: nameof(PublishChanges), Trigger: PublishChangesQueue));
        var status = await Task.WhenAll(queues.Select(async q =>
        {
            var counts = await parked.CountAsync(q.Trigger, ct);
            return new FeedQueueStatus(q.Name, q.Trigger.QueueName, counts.Waiting, counts.Parked);
        }));
        return TypedResults.Ok<IReadOnlyList<FeedQueueStatus>>(status);
    }

    internal static async Task<Ok<IReadOnlyList<PoisonedMessage>>> PoisonedAsync(string name, FeedSubscriptions subscriptions, FeedReplay replay, CancellationToken ct) =>
        TypedResults.Ok(await replay.PoisonedAsync(QueueOf(name, subscriptions), ct));

    internal static async Task<Ok<RetryResult>> RetryAsync(string name, FeedSubscriptions subscriptions, FeedReplay replay, CancellationToken ct)
    {
        var queue = QueueOf(name, subscriptions);
        return TypedResults.Ok(new RetryResult(queue.QueueName, await replay.RetryPoisonedAsync(queue, 1000, ct)));
    }

    internal static async Task<Ok<ReplayResult>> ReplayAsync(string name, ReplayRequest request, FeedSubscriptions subscriptions, FeedReplay replay, TimeProvider clock, CancellationToken ct)
    {
        var subscription = subscriptions.Find(name) ?? throw new NotFoundException($"There is no subscriber '{name}'; subscribers: {string.Join(", ", subscriptions.All.Select(s => s.Name))}.");
        int count;
        if (request.RecordKind is { Length: > 0 } kind && request.RecordId is { Length: > 0 } id)
        {
            count = await replay.ReplayRecordAsync(subscription, kind, id, Math.Max(1, request.FromSequence ?? 1), ct);
        }
        else if (request.Since is { } since)
        {
            var until = request.Until ?? clock.GetUtcNow();
            if (until <= since)
            {
                throw ValidationException.For("until", "until comes after since.");
            }
            count = await replay.ReplayPeriodAsync(subscription, since, until, ct);
        }
        else
        {
            throw ValidationException.For("recordId", "Name a record (recordKind and recordId, optionally fromSequence) or a period (since, optionally until).");
        }
        return TypedResults.Ok(new ReplayResult(subscription.Name, count));
    }

    private static readonly QueueTrigger PublishChangesQueue = new(ChangeFeed.Queue);

    private static QueueTrigger QueueOf(string name, FeedSubscriptions subscriptions) =>
        string.Equals(name, nameof(PublishChanges), StringComparison.OrdinalIgnoreCase) ? PublishChangesQueue
        : subscriptions.Find(name)?.Trigger ?? throw new NotFoundException($"There is no subscriber '{name}'; subscribers: {string.Join(", ", subscriptions.All.Select(s => s.Name))}, or PublishChanges.");
}

using System.Collections.Concurrent;
using AfterSales.Access;
using AfterSales.ChangeFeed;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Modules;

/// <summary>
/// A feature that exists only in the tests: a technician asks procurement for a spare part
/// (备件申请). It brings its own record kind and table, a work item in procurement's inbox,
/// endpoints with their own policies, vocabulary, and a change-feed subscriber that keeps a
/// journal of every event it is handed, all through <see cref="FeatureModule"/>, with no line
/// changed in the app's central files.
/// </summary>
public sealed class PartRequestsModule : FeatureModule
{
    public const string Table = "PartRequests";
    public const string RequestPolicy = "request-parts";
    public const string ShipPolicy = "ship-parts";

    public static readonly RecordKind<PartRequest> Kind = new("partRequest", Table, "part request", r => r.Id);

    public override string Name => "Part requests (test)";

    public override StorageNeeds Storage => StorageNeeds.Of(tables: [Table]);

    public override IEnumerable<FeedSubscription> Subscriptions => [FeedSubscription.For<RecordFeed>(_ => true)];

    public override IEnumerable<Kernel.VocabularyList> Vocabulary =>
        [Kernel.VocabularyList.Of<PartRequestState>("partRequestStates", s => s == PartRequestState.Open ? ("待发货", "Awaiting shipment") : ("已发货", "Shipped"))];

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(RequestPolicy, Policies.Requiring(Kernel.Roles.Technician, Kernel.Roles.Technical))
        .AddPolicy(ShipPolicy, Policies.Requiring(Kernel.Roles.Procurement));

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRecords(Kind);
        services.AddWorkItemHost(new WorkItemAccess<PartRequest>(r => r.Steps, (r, s) => r with { Steps = s },
            r => new InboxSummary(r.PartNumber, r.RequestedBy, Kernel.Codes.Of(r.State))), _ => TimeSpan.FromHours(24));
        services.AddSingleton<FeedJournal>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/part-requests").WithTags("Part requests (test)");
        api.MapPost("/", RequestAsync).RequireAuthorization(RequestPolicy);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Staff);
        api.MapPost("/{id}/shipment", ShipAsync).RequireAuthorization(ShipPolicy);
    }

    private static async Task<Created<PartRequest>> RequestAsync(NewPartRequest body, RecordStore<PartRequest> store, TimeProvider clock, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(body.PartNumber) || body.Quantity is not > 0)
        {
            throw Kernel.ValidationException.For("partNumber", "Name the part and a quantity of at least 1.");
        }
        var now = clock.GetUtcNow();
        var by = http.User.ActingStaff();
        var ship = WorkItemRules.Open("s1", "ship", Kernel.Department.Procurement, now, TimeSpan.FromHours(8));
        var request = new PartRequest(Guid.NewGuid().ToString("N")[..12], body.PartNumber.Trim(), body.Quantity.Value, by, PartRequestState.Open, [ship]);
        var stored = await store.CreateAsync(request, [new(new PartRequested(request.PartNumber, request.Quantity), by, now)], key: null, http.RequestAborted)
            ?? throw new InvalidOperationException("An id drawn twice.");
        http.Response.Headers.ETag = Kernel.Versions.ETag(stored.Version);
        return TypedResults.Created($"/api/part-requests/{request.Id}", stored.Record);
    }

    private static async Task<Ok<PartRequest>> GetAsync(string id, RecordStore<PartRequest> store, HttpContext http)
    {
        var stored = await store.GetAsync(id, http.RequestAborted) ?? throw RecordChanges.NotFound(store, id);
        http.Response.Headers.ETag = Kernel.Versions.ETag(stored.Version);
        return TypedResults.Ok(stored.Record);
    }

    private static async Task<Ok<PartRequest>> ShipAsync(string id, RecordStore<PartRequest> store, TimeProvider clock, HttpContext http)
    {
        var by = http.User.ActingStaff();
        var (stored, _) = await store.ExecuteAsync(new ChangeRequest<PartRequest>(id, r =>
        {
            var now = clock.GetUtcNow();
            var step = r.Steps.Single(s => s.IsOpen);
            return new(r with { State = PartRequestState.Shipped, Steps = WorkItemRules.Replace(r.Steps, WorkItemRules.Close(step, StepOutcome.Done, now)) },
                [new(new PartShipped(step.Id), by, now)]);
        })
        {
            Condition = () => Kernel.Versions.FromIfMatch(http.Request),
        }, http.RequestAborted);
        http.Response.Headers.ETag = Kernel.Versions.ETag(stored.Version);
        return TypedResults.Ok(stored.Record);
    }
}

public enum PartRequestState { Open, Shipped }

public sealed record PartRequest(string Id, string PartNumber, int Quantity, Kernel.Staff RequestedBy, PartRequestState State, IReadOnlyList<WorkItem> Steps);

public sealed record NewPartRequest(string? PartNumber, int? Quantity);

public sealed record PartRequested(string PartNumber, int Quantity) : Kernel.IEventData;

public sealed record PartShipped(string Step) : Kernel.IEventData;

/// <summary>What the journal subscriber was handed, and for which records (or part numbers) it fails on purpose: a bug to be fixed.</summary>
public sealed class FeedJournal
{
    private readonly ConcurrentDictionary<string, int> _times = new();

    public ConcurrentDictionary<string, bool> FailFor { get; } = new();

    /// <summary>Part numbers whose request the journal fails the first time only (the entry is removed as it fails).</summary>
    public ConcurrentDictionary<string, bool> FailOnceFor { get; } = new();

    public ConcurrentQueue<Kernel.RecordEvent> Handled { get; } = new();

    public int TimesHandled(string eventId) => _times.GetValueOrDefault(eventId);

    public void Record(Kernel.RecordEvent e)
    {
        Handled.Enqueue(e);
        _times.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
    }
}

/// <summary>A subscriber to every event: notes each one in the journal (or fails, for the records it is told to).</summary>
public sealed class RecordFeed(FeedJournal journal) : IFeedSubscriber
{
    public Task HandleAsync(Kernel.RecordEvent e, CancellationToken ct)
    {
        if (journal.FailFor.ContainsKey(e.RecordId) || (e.Is<PartRequested>() && journal.FailFor.ContainsKey(e.Read<PartRequested>().PartNumber)))
        {
            throw new InvalidOperationException($"The journal cannot take {e.RecordKind} {e.RecordId} yet.");
        }
        if (e.Is<PartRequested>() && journal.FailOnceFor.TryRemove(e.Read<PartRequested>().PartNumber, out _))
        {
            throw new InvalidOperationException($"The journal stumbled on {e.RecordKind} {e.RecordId} once.");
        }
        journal.Record(e);
        return Task.CompletedTask;
    }
}

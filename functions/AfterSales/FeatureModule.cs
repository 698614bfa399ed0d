using AfterSales.ChangeFeed;
using AfterSales.Functions;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Authorization;

namespace AfterSales;

/// <summary>
/// One feature of the product (complaints, customers, ...) as the app sees it: everything it
/// brings is declared here, and the app only collects modules (<see cref="AppModules"/>). A
/// new feature is one folder with one module, plus one line in that list.
/// </summary>
public abstract class FeatureModule
{
    /// <summary>The feature's name, for start-up messages and docs.</summary>
    public abstract string Name { get; }

    /// <summary>The tables, queues and blob containers it owns (infra creates the same lists: StorageNamesTests).</summary>
    public virtual StorageNeeds Storage => StorageNeeds.None;

    /// <summary>Its queue and timer functions (HTTP is one catch-all function for the whole API).</summary>
    public virtual IEnumerable<FunctionDefinition> Functions => [];

    /// <summary>Its change-feed subscribers; each gets a queue and a queue function of its own.</summary>
    public virtual IEnumerable<FeedSubscription> Subscriptions => [];

    /// <summary>The codes it speaks, with their zh-CN and English names (<c>GET /api/vocabulary</c>).</summary>
    public virtual IEnumerable<VocabularyList> Vocabulary => [];

    /// <summary>Its authorization policies (role rules only; record rules live in its handlers).</summary>
    public virtual void AddPolicies(AuthorizationBuilder policies)
    {
    }

    public virtual void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <summary>Middleware the feature needs on every request (runs before the endpoints, in module order).</summary>
    public virtual void UseMiddleware(IApplicationBuilder app)
    {
    }

    public virtual void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    /// <summary>Every function the module brings, its subscribers' included.</summary>
    public IEnumerable<FunctionDefinition> AllFunctions() => Functions.Concat(Subscriptions.Select(s => s.Function));

    /// <summary>Every queue the module brings, its subscribers' included (each also gets a <c>-poison</c> queue).</summary>
    public IEnumerable<string> AllQueues() => Storage.Queues.Concat(Subscriptions.Select(s => s.Queue));
}

/// <summary>Tables, queues and containers a module uses.</summary>
public sealed record StorageNeeds(IReadOnlyList<string> Tables, IReadOnlyList<string> Queues, IReadOnlyList<string> Containers)
{
    public static readonly StorageNeeds None = new([], [], []);

    public static StorageNeeds Of(IReadOnlyList<string>? tables = null, IReadOnlyList<string>? queues = null, IReadOnlyList<string>? containers = null) =>
        new(tables ?? [], queues ?? [], containers ?? []);
}

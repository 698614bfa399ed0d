using AfterSales.Functions.Local;

namespace AfterSales.Functions;

/// <summary>
/// The app's Azure Functions: the catch-all HTTP function plus what the modules declare. The
/// <c>function.json</c> files are generated from it at publish, the envelope endpoints are mapped
/// from it, and the local runner polls the queues and fires the timers it names.
/// </summary>
public sealed class FunctionCatalog
{
    /// <summary>Methods the catch-all HTTP function accepts.</summary>
    public static readonly IReadOnlyList<string> AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>Every /api route goes to ASP.NET Core's own routing, proxied by the host.</summary>
    public static readonly FunctionDefinition Api = new("HttpApi", new HttpTrigger("{*path}", AllMethods));

    public FunctionCatalog(IEnumerable<FunctionDefinition> functions)
    {
        All = [.. functions];
        Validate();
    }

    /// <summary>The functions of these modules, with the HTTP function first.</summary>
    public static FunctionCatalog For(IEnumerable<FeatureModule> modules) => new([Api, .. modules.SelectMany(m => m.AllFunctions())]);

    public IReadOnlyList<FunctionDefinition> All { get; }

    public FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<FunctionDefinition> NonHttp => All.Where(f => !f.IsHttp);

    public IEnumerable<(FunctionDefinition Function, QueueTrigger Trigger)> Queues =>
        All.Where(f => f.Trigger is QueueTrigger).Select(f => (f, (QueueTrigger)f.Trigger));

    public IEnumerable<(FunctionDefinition Function, TimerTrigger Trigger)> Timers =>
        All.Where(f => f.Trigger is TimerTrigger).Select(f => (f, (TimerTrigger)f.Trigger));

    private void Validate()
    {
        var duplicate = All.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Function name '{duplicate.Key}' is used twice.");
        }
        foreach (var f in All)
        {
            var expected = f.Trigger switch
            {
                QueueTrigger => typeof(IQueueFunction),
                TimerTrigger => typeof(ITimerFunction),
                _ => null,
            };
            if (expected is not null && (f.Handler is null || !expected.IsAssignableFrom(f.Handler)))
            {
                throw new InvalidOperationException($"Function '{f.Name}' needs a handler implementing {expected.Name}.");
            }
        }
    }
}

public static class FunctionServiceCollectionExtensions
{
    /// <summary>The catalog (from the registered modules), the invoker and the local runner that plays the host in Development.</summary>
    public static IServiceCollection AddFunctionsPlumbing(this IServiceCollection services)
    {
        services.AddSingleton(sp => FunctionCatalog.For(sp.GetServices<FeatureModule>()));
        services.AddSingleton<FunctionInvoker>();
        services.AddOptions<LocalRunnerOptions>().BindConfiguration(LocalRunnerOptions.Section);
        services.AddHostedService<LocalRunner>();
        return services;
    }
}

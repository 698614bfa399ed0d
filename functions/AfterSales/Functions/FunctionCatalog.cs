namespace AfterSales.Functions;

/// <summary>
/// The one list of the app's Azure Functions. <c>function.json</c> files are generated from it
/// at publish, the envelope endpoints are mapped from it, and the local runner polls the queues
/// and fires the timers it names. Add a function here and nowhere else.
/// </summary>
public sealed class FunctionCatalog(IEnumerable<FunctionDefinition> functions)
{
    public IReadOnlyList<FunctionDefinition> All { get; } = [.. functions];

    public FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<FunctionDefinition> NonHttp => All.Where(f => !f.IsHttp);

    public IEnumerable<(FunctionDefinition Function, QueueTrigger Trigger)> Queues =>
        All.Where(f => f.Trigger is QueueTrigger).Select(f => (f, (QueueTrigger)f.Trigger));

    public IEnumerable<(FunctionDefinition Function, TimerTrigger Trigger)> Timers =>
        All.Where(f => f.Trigger is TimerTrigger).Select(f => (f, (TimerTrigger)f.Trigger));
}

public static class FunctionServiceCollectionExtensions
{
    /// <summary>Registers the catalog, the invoker and every handler type the catalog names.</summary>
    public static IServiceCollection AddFunctionCatalog(this IServiceCollection services, IEnumerable<FunctionDefinition> functions)
    {
        var catalog = new FunctionCatalog(functions);
        Validate(catalog);
        services.AddSingleton(catalog);
        services.AddSingleton<FunctionInvoker>();
        foreach (var handler in catalog.NonHttp.Select(f => f.Handler!).Distinct())
        {
            services.AddScoped(handler);
        }
        return services;
    }

    internal static void Validate(FunctionCatalog catalog)
    {
        var duplicate = catalog.All.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Function name '{duplicate.Key}' is used twice.");
        }
        foreach (var f in catalog.All)
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

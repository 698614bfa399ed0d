using Azure;

namespace AfterSales.Storage;

/// <summary>
/// Creates the tables, queues (with their poison queues) and containers the modules declare when
/// <c>Storage:CreateResources</c> is on (locally and in tests; in Azure the templates create them).
/// </summary>
public sealed class StorageInitializer(StorageAccount storage, IEnumerable<FeatureModule> modules)
{
    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        var names = StorageNames.Of(modules);
        var work = new List<Task>();
        work.AddRange(names.Tables.Select(t => IgnoreExists(storage.Table(t).CreateIfNotExistsAsync(cancellationToken))));
        foreach (var q in names.Queues)
        {
            work.Add(storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            work.Add(storage.Queue(StorageNames.Poison(q)).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }
        work.AddRange(names.Containers.Select(c => storage.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(work);
    }

    private static async Task IgnoreExists(Task task)
    {
        try
        {
            await task;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
    }
}

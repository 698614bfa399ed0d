namespace AfterSales.Storage;

/// <summary>
/// Every table, queue and blob container the app uses, collected from the modules that declare
/// them. Infra creates the same lists (infra/app/storage-names.json; StorageNamesTests).
/// </summary>
public sealed record StorageNames(IReadOnlyList<string> Tables, IReadOnlyList<string> Queues, IReadOnlyList<string> Containers)
{
    public static StorageNames Of(IEnumerable<FeatureModule> modules)
    {
        var list = modules.ToList();
        return new(
            Distinct(list.SelectMany(m => m.Storage.Tables)),
            Distinct(list.SelectMany(m => m.AllQueues())),
            Distinct(list.SelectMany(m => m.Storage.Containers)));
    }

    /// <summary>Where the Functions host moves a message that failed <c>maxDequeueCount</c> times.</summary>
    public static string Poison(string queue) => queue + "-poison";

    private static string[] Distinct(IEnumerable<string> names) => [.. names.Distinct(StringComparer.Ordinal)];
}

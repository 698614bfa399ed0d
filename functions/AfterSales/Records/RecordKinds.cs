namespace AfterSales.Records;

/// <summary>Every kind of record the modules registered, by name: how the change feed finds a record's table.</summary>
public sealed class RecordKinds(IEnumerable<IRecordKind> kinds)
{
    private readonly Dictionary<string, IRecordKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IRecordKind> All => _byName.Values;

    public IRecordKind? Find(string? name) => name is not null && _byName.TryGetValue(name, out var kind) ? kind : null;

    public IRecordKind Get(string name) => Find(name) ?? throw new InvalidOperationException($"No record kind '{name}' is registered.");
}

public static class RecordServices
{
    /// <summary>Registers a kind of record and its <see cref="RecordStore{T}"/>.</summary>
    public static IServiceCollection AddRecords<T>(this IServiceCollection services, RecordKind<T> kind) where T : class
    {
        services.AddSingleton(kind);
        services.AddSingleton<IRecordKind>(kind);
        services.AddSingleton<RecordStore<T>>();
        return services;
    }
}

using AfterSales.Functions.Local;

[assembly: AssemblyFixture(typeof(AfterSales.Tests.Infrastructure.AzuriteFixture))]

namespace AfterSales.Tests.Infrastructure;

/// <summary>One Azurite for the whole test run, in memory on free ports; tests isolate by name prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not started.");

    public static string RepoRoot { get; } = Azurite.FindRepoRoot(AppContext.BaseDirectory);

    public async ValueTask InitializeAsync()
    {
        _azurite = await Azurite.StartAsync(RepoRoot, dataPath: null,
            Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

using AfterSales;
using AfterSales.Functions.Local;

if (HostStartup.TryRunCommand(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.UseFunctionsHostPort();
await using var azurite = await builder.StartLocalStorageAsync();
builder.AddAfterSales(AppModules.All);

var app = builder.Build();
await app.PrepareStorageAsync();
app.MapAfterSales();
await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

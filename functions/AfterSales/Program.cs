using AfterSales;
using AfterSales.Functions.Local;
using AfterSales.Storage;

if (HostStartup.TryRunCommand(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.UseFunctionsHostPort();
await using var azurite = await builder.StartLocalStorageAsync();
builder.AddAfterSales();

var app = builder.Build();
if (app.Configuration.GetValue<bool>("Storage:CreateResources"))
{
    await app.Services.GetRequiredService<StorageInitializer>().CreateAllAsync(app.Lifetime.ApplicationStopping);
}
app.MapAfterSales();
await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

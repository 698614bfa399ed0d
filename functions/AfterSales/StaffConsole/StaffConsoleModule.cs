namespace AfterSales.StaffConsole;

/// <summary>
/// The staff console (售后服务台): the screens staff work in, served by the same app under
/// <c>/api/console/</c>. Plain HTML and ES modules, no build step (docs/console.md says why);
/// each screen calls the feature APIs with the signed-in person's token.
/// </summary>
public sealed class StaffConsoleModule : FeatureModule
{
    public override string Name => "StaffConsole";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        services.AddSingleton<ConsoleFiles>();
        services.AddSingleton<ConsolePolicy>();
        // The pages' text compresses about four times: it matters on a phone (docs/console.md has the figures).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // static files and settings only: no secret to leak through compression
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/json"];
        });
    }

    public override void UseMiddleware(IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ConsoleApi.Root.TrimEnd('/'), StringComparison.Ordinal), b => b.UseResponseCompression());

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapConsole();
}

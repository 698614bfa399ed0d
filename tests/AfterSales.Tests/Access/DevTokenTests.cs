using System.Net;
using AfterSales.Access;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace AfterSales.Tests.Access;

/// <summary>
/// The app as <c>dotnet run</c> starts it: Development, with the keys in appsettings.Development.json
/// (not the test keys), minus starting its own Azurite.
/// </summary>
public sealed class DevelopmentAppFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    protected override bool UseTestKeys => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Azurite:Start", "false");
    }
}

public class DevTokenTests(DevelopmentAppFixture app) : IClassFixture<DevelopmentAppFixture>
{
    [Fact]
    public async Task InDevelopmentATokenForAChosenUserAndRoleOpensTheApi()
    {
        var anonymous = app.CreateClientWithToken(null);
        var issued = await anonymous.PostJsonAsync("/dev/token", new { userId = "u-li", name = "李娜", roles = new[] { Roles.Quality } });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.ReadJsonAsync())["accessToken"]!.GetValue<string>();

        var quality = app.CreateClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await quality.GetAsync("/api/departments/quality/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await quality.GetAsync("/api/departments/marketing/inbox")).StatusCode);
        // The test key is not the development key: a test token means nothing here.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/departments/quality/inbox")).StatusCode);
    }

    [Fact]
    public async Task UnknownRolesAreRefused()
    {
        var response = await app.CreateClientWithToken(null).PostJsonAsync("/dev/token", new { userId = "u-li", roles = new[] { "god" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

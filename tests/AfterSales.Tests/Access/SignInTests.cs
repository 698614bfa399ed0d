using System.Net;
using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.WorkItems;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Access;

public class SignInTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task WithoutATokenTheApiAsksForOneWithProblemDetails()
    {
        var response = await app.CreateClientWithToken(null).GetAsync("/api/departments/marketing/inbox");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(401, problem["status"]!.GetValue<int>());
        Assert.Contains("Authorization: Bearer", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/complaints/KS-202611-0001/no-such-action")]
    public async Task AnAddressWhereNothingAnswersIsNotFoundForAnyone(string path)
    {
        var anonymous = await app.CreateClientWithToken(null).GetAsync(path);
        var staff = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Empty(anonymous.Headers.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.NotFound, staff.StatusCode);
    }

    [Fact]
    public async Task AnExpiredTokenIsToldItExpired()
    {
        var response = await app.CreateClientWithToken(TestTokens.Expired("u-late", Roles.Marketing)).GetAsync("/api/departments/marketing/inbox");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalNamesTheRolesThatWouldBeAllowed()
    {
        var response = await app.CreateClient("u-q", "质量员", Roles.Quality).GetAsync("/api/departments/procurement/inbox");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("procurement", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWithNoStaffRoleIsForbiddenEverywhereStaffGo()
    {
        var response = await app.CreateClient("u-guest", "访客").PostJsonAsync("/api/complaints", Api.Intake());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("marketing", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignedInEmployeeIsRecordedAsTheFirstContactOwner()
    {
        var client = app.CreateClient("u-zhao", "赵敏", Roles.Procurement);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: "徐州工程机械"), Api.Options)!.AsObject();
        body.Remove("takenBy");

        var created = await (await client.PostAsync("/api/complaints", System.Net.Http.Json.JsonContent.Create(body))).ReadJsonAsync();

        Assert.Equal("u-zhao", created["firstContactOwner"]!["id"]!.GetValue<string>());
        Assert.Equal("赵敏", created["firstContactOwner"]!["name"]!.GetValue<string>());
        // The owner keeps seeing it though procurement is never routed it.
        var number = created["number"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/complaints/{number}")).StatusCode);
    }

    [Fact]
    public async Task AnEndpointThatDeclaresNothingRequiresAStaffRole()
    {
        var provider = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>(app.Services);
        var fallback = await provider.GetFallbackPolicyAsync();

        Assert.NotNull(fallback);
        var roles = Assert.Single(fallback.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>());
        Assert.Equal(Roles.All.Order(), roles.AllowedRoles.Order());
        Assert.Contains(fallback.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
    }

    [Fact]
    public async Task TheDevelopmentTokenIssuerDoesNotExistOutsideDevelopment()
    {
        var response = await app.CreateClientWithToken(null).PostJsonAsync("/dev/token", new { userId = "u-wang", roles = new[] { "admin" } });
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>(app.Services).Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>(), e => e.RoutePattern.RawText == "/dev/token");
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresBearerTokensOnStaffOperationsOnly()
    {
        var doc = await (await app.CreateClientWithToken(null).GetAsync("/openapi/v1.json")).ReadJsonAsync();

        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(doc["paths"]!["/api/complaints/{number}"]!["get"]!["security"]);
        Assert.Null(doc["paths"]!["/api/public/status/{token}"]!["get"]!["security"]);
    }

    public static TheoryData<string[], Department, bool> InboxCases => new()
    {
        { [Roles.Quality], Department.Quality, true },
        { [Roles.Quality], Department.Marketing, false },
        { [Roles.Technician], Department.Technical, false },
        { [Roles.Procurement], Department.Procurement, true },
        { [Roles.Supervisor], Department.Procurement, true },
        { [Roles.Management], Department.Technical, true },
        { [Roles.Admin], Department.Quality, true },
        { [Roles.Assessor], Department.Marketing, false },
    };

    [Theory]
    [MemberData(nameof(InboxCases))]
    public void AnInboxIsOpenToItsDepartmentAndThoseWhoOverseeIt(string[] roles, Department department, bool allowed) =>
        Assert.Equal(allowed, DepartmentAccess.CanReadInbox(User("u-1", roles), department));

    [Fact]
    public void AComplaintIsVisibleToItsOwnerItsDepartmentsAndOversightOnly()
    {
        var complaint = new Complaint
        {
            Number = "KS-202611-0001", Kind = WorkKind.Complaint, Channel = Channel.Phone,
            Customer = new CustomerFacts(null, "客户", null, "13800000000", null),
            Details = new ComplaintDetails(null, null, null, null, null, null, null, "x"),
            ReceivedAt = DateTimeOffset.UnixEpoch, FirstContactOwner = new Staff("u-owner", "李娜"),
            // Triaged as not a quality problem: past the joint analysis, quality and technical no longer read it by path.
            State = ComplaintState.InProgress,
            Triage = new Triage(HandlingPath.NotQualityProblem, "使用不当", new Staff("u-2", "x"), DateTimeOffset.UnixEpoch),
            Steps = [new WorkItem("s1", "triage", Department.Marketing, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
                     new WorkItem("s2", "remoteSolution", Department.Quality, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) { CompletedAt = DateTimeOffset.UnixEpoch }],
        };

        Assert.True(ComplaintAccess.CanRead(User("u-owner", []), complaint));
        Assert.True(ComplaintAccess.CanRead(User("u-2", [Roles.Marketing]), complaint));
        Assert.True(ComplaintAccess.CanRead(User("u-3", [Roles.Quality]), complaint)); // routed there earlier
        Assert.True(ComplaintAccess.CanRead(User("u-4", [Roles.Supervisor]), complaint));
        Assert.True(ComplaintAccess.CanRead(User("u-5", [Roles.Management]), complaint));
        Assert.False(ComplaintAccess.CanRead(User("u-6", [Roles.Technical]), complaint));
        Assert.False(ComplaintAccess.CanRead(User("u-7", [Roles.Admin, Roles.Assessor, Roles.Technician, Roles.Procurement]), complaint));
        Assert.False(ComplaintAccess.CanRead(new ClaimsPrincipal(new ClaimsIdentity()), complaint));
    }

    [Fact]
    public async Task TokensFromTheDevelopmentIssuerAreAcceptedByTheBearerSetup()
    {
        var options = new AuthOptions { Issuer = TestTokens.Issuer, Audience = TestTokens.Audience, SigningKey = TestTokens.SigningKey };
        var token = DevTokens.Sign(options, "u-dev", "开发者", [Roles.Marketing], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var response = await app.CreateClientWithToken(token).GetAsync("/api/departments/marketing/inbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ClaimsPrincipal User(string id, string[] roles) => new(new ClaimsIdentity(
        [new Claim("oid", id), new Claim("name", id), .. roles.Select(r => new Claim("roles", r))], "test", "name", "roles"));
}

public class RoleTests
{
    [Fact]
    public void EveryDepartmentHasAStaffRoleOfTheSameName() =>
        Assert.All(Enum.GetValues<Department>(), d => Assert.Contains(Roles.Of(d), Roles.All));
}

using System.Net;
using System.Net.Http.Json;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.StaffDirectory;

/// <summary>The staff directory through the HTTP API on Azurite: admins keep it, staff look colleagues up.</summary>
public class StaffDirectoryTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>Adds a member unless they are there already (tests share one directory per fixture).</summary>
    internal static async Task EnsureMemberAsync(HttpClient admin, string id, string name, string department)
    {
        var response = await admin.PostJsonAsync("/api/staff", new { id, name, department });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"adding {id} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task AnAdminAddsChangesAndRetiresAMemberAndEveryChangeIsInTheHistory()
    {
        var admin = app.CreateClient("u-admin", "管理员", Roles.Admin);
        var id = "u-" + Guid.NewGuid().ToString("N")[..8];
        var add = new HttpRequestMessage(HttpMethod.Post, "/api/staff") { Content = JsonContent.Create(new { id, name = "陈静", department = "marketing", title = "销售助理" }) };
        add.Headers.Add("Idempotency-Key", "add-" + id);
        var created = await admin.SendAsync(add);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/staff/{id}", created.Headers.Location!.ToString());

        // The same request again (a lost answer) is the same member; a second add of the id is a conflict.
        var again = new HttpRequestMessage(HttpMethod.Post, "/api/staff") { Content = JsonContent.Create(new { id, name = "陈静", department = "marketing", title = "销售助理" }) };
        again.Headers.Add("Idempotency-Key", "add-" + id);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJsonAsync("/api/staff", new { id, name = "别人", department = "quality" })).StatusCode);

        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/{id}") { Content = JsonContent.Create(new { name = "陈静", department = "marketing", active = false }) };
        Assert.Equal((HttpStatusCode)428, (await admin.SendAsync(put)).StatusCode);
        put = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/{id}") { Content = JsonContent.Create(new { name = "陈静", department = "marketing", active = false }) };
        put.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        var retired = await admin.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.False((await retired.ReadJsonAsync())["active"]!.GetValue<bool>());

        var history = (await (await admin.GetAsync($"/api/staff/{id}/history")).ReadJsonAsync()).AsArray();
        Assert.Equal(["StaffMemberAdded", "StaffMemberUpdated"], history.Select(e => e!["type"]!.GetValue<string>()));

        var listed = await (await app.CreateClient("u-any", "张三", Roles.Technician).GetAsync("/api/staff?department=marketing&includeInactive=true&pageSize=200")).ReadJsonAsync();
        Assert.Contains(listed["items"]!.AsArray(), m => m!["id"]!.GetValue<string>() == id);
        var active = await (await admin.GetAsync("/api/staff?department=marketing&pageSize=200")).ReadJsonAsync();
        Assert.DoesNotContain(active["items"]!.AsArray(), m => m!["id"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData("""{"id":"a/b","name":"x","department":"marketing"}""", "id")]
    [InlineData("""{"id":"u-1","name":"\u200b","department":"marketing"}""", "name")]
    [InlineData("""{"id":"u-1","name":"x","department":"sales"}""", null)]
    [InlineData("""{"id":"u-1","name":"x"}""", "department")]
    public async Task ABadMemberIsRefusedNamingTheField(string body, string? field)
    {
        var response = await app.CreateClient().PostAsync("/api/staff", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (field is not null)
        {
            Assert.NotNull((await response.ReadJsonAsync())["errors"]![field]);
        }
    }

    [Fact]
    public async Task AComplaintMayBeRecordedOnlyForAKnownColleagueOfOnesOwnDepartment()
    {
        var admin = app.CreateClient();
        await EnsureMemberAsync(admin, "u-sales-1", "业务员刘洋", "marketing");
        await EnsureMemberAsync(admin, "u-qa-1", "质量部周敏", "quality");
        var assistant = app.CreateClient("u-assist-2", "销售助理小吴", Roles.Marketing);

        var unknown = await assistant.PostJsonAsync("/api/complaints", Api.Intake(takenBy: new { id = "u-nobody", name = "随便写的名字" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.ReadJsonAsync())["errors"]!["takenBy.id"]);

        var otherDepartment = await assistant.PostJsonAsync("/api/complaints", Api.Intake(takenBy: new { id = "u-qa-1", name = "周敏" }));
        Assert.Equal(HttpStatusCode.Forbidden, otherDepartment.StatusCode);

        var colleague = await assistant.PostJsonAsync("/api/complaints", Api.Intake(takenBy: new { id = "u-sales-1", name = "刘" }));
        Assert.Equal(HttpStatusCode.Created, colleague.StatusCode);
        var taken = await colleague.ReadJsonAsync();
        Assert.Equal("业务员刘洋", taken["firstContactOwner"]!["name"]!.GetValue<string>());
        Assert.Equal("u-assist-2", taken["recordedBy"]!["id"]!.GetValue<string>());

        // A supervisor oversees every department, so may record for anyone known.
        var supervisor = app.CreateClient("u-sup-2", "售后主管", Roles.Supervisor);
        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostJsonAsync("/api/complaints", Api.Intake(takenBy: new { id = "u-qa-1", name = "周敏" }))).StatusCode);
    }
}

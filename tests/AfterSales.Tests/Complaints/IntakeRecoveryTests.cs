using System.Net;
using Microsoft.Extensions.DependencyInjection;
using AfterSales.Storage;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

public class FeedOutageTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task AnIntakeTheFeedCouldNotHearOfIsAnnouncedAgainByTheSafetyNetAndNothingIsLost()
    {
        var http = app.CreateClient();
        var routing = app.Storage.Queue(AfterSales.ChangeFeed.ChangeFeed.Queue);
        await routing.DeleteAsync();
        try
        {
            // The feed's queue is gone: the complaint is stored all the same; its number's row remembers it is not seen through.
            var response = await http.PostJsonAsync("/api/complaints", Api.Intake(customer: "队列故障客户"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var number = (await response.ReadJsonAsync())["number"]!.GetValue<string>();
            Assert.Equal("received", (await (await http.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>());

            await routing.CreateAsync();
            await app.RunTimerAsync("CompleteIntakes");
            Assert.Equal("received", (await (await http.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>());

            app.Clock.Advance(AfterSales.Complaints.CompleteIntakes.Grace + TimeSpan.FromSeconds(1));
            await app.RunTimerAsync("CompleteIntakes");
            await Poll.UntilAsync(
                async () => (await (await http.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
                state => state == "awaitingTriage", what: $"{number} routed after the outage");
        }
        finally
        {
            await routing.CreateIfNotExistsAsync();
        }
    }
}

public class InterruptedIntakeTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task ANumberIssuedByAnIntakeThatStoppedStillBecomesItsComplaint()
    {
        var http = app.CreateClient();
        var numbering = app.Services.GetRequiredService<AfterSales.Complaints.ComplaintNumbering>();
        // An intake that got its number and then stopped: the number row holds the whole intake.
        var request = new AfterSales.Complaints.IntakeRequest(null, AfterSales.Complaints.Channel.Fax,
            new AfterSales.Complaints.CustomerFacts(null, "中断客户", null, null, "江苏"), null, null, null, null, null, null, null,
            "传真投诉: 控制柜报警", new AfterSales.Kernel.Staff("u-wang", "王芳"));
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var issued = await numbering.IssueAsync(local, null, _ => Json.Serialize(
            new AfterSales.Complaints.IntakeRecord(request, request.TakenBy!, app.Clock.GetUtcNow())), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/complaints/{issued.Number}")).StatusCode);

        await app.RunTimerAsync("CompleteIntakes");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/complaints/{issued.Number}")).StatusCode);

        app.Clock.Advance(AfterSales.Complaints.CompleteIntakes.Grace + TimeSpan.FromSeconds(1));
        await app.RunTimerAsync("CompleteIntakes");
        var complaint = await (await http.GetAsync($"/api/complaints/{issued.Number}")).ReadJsonAsync();
        Assert.Equal("中断客户", complaint["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("fax", complaint["channel"]!.GetValue<string>());
        await Poll.UntilAsync(
            async () => (await (await http.GetAsync($"/api/complaints/{issued.Number}")).ReadJsonAsync())["state"]!.GetValue<string>(),
            s => s == "awaitingTriage", what: "the completed intake routed");
    }
}

using System.Net;
using AfterSales.Storage;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Storage;

public class OutboxTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task MessagesThatCouldNotBeSentAreSentByTheTimerAndNothingIsLost()
    {
        var http = app.CreateClient();
        var routing = app.Storage.Queue(StorageNames.Queues.ComplaintRouting);
        await routing.DeleteAsync();
        try
        {
            // The queue is gone: the complaint is stored, its routing message stays in its outbox.
            var response = await http.PostJsonAsync("/api/complaints", Api.Intake(customer: "队列故障客户"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var number = (await response.ReadJsonAsync())["number"]!.GetValue<string>();
            Assert.Equal("received", (await (await http.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>());

            await routing.CreateAsync();
            await app.RunTimerAsync("PublishOutbox");
            Assert.Equal("received", (await (await http.GetAsync($"/api/complaints/{number}")).ReadJsonAsync())["state"]!.GetValue<string>());

            app.Clock.Advance(PublishOutbox.Grace + TimeSpan.FromSeconds(1));
            await app.RunTimerAsync("PublishOutbox");
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

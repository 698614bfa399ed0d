using System.Net;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using System.Text;

namespace AfterSales.Tests.Functions;

/// <summary>Posts to the envelope endpoints exactly what the Functions host posts.</summary>
public class EnvelopeEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AFeedEnvelopeForANewComplaintFilesItAndAnswersWithTheHostShape()
    {
        var client = app.CreateClient();
        var c = await ComplaintClient.TakeAsync(client, Api.Intake(customer: "无锡重工"));
        var received = (await c.TimelineAsync())[0]!;
        // Whoever gets there first (this envelope or the runner) routes it; the other finds it routed.
        var response = await client.PostAsync("/RouteComplaint", FeedEnvelopes.Content(FeedEnvelopes.Message("complaint", c.Number, received), dequeueCount: "\"1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.NotNull(body["Outputs"]);
        Assert.NotNull(body["Logs"]);
        Assert.True(body.AsObject().ContainsKey("ReturnValue"));
        Assert.Equal("awaitingTriage", (await c.GetAsync())["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMessageThatCannotBeHandledAnswersNon2xxSoTheHostRetries()
    {
        var client = app.CreateClient();
        var response = await client.PostAsync("/RouteComplaint", FeedEnvelopes.Content(FeedEnvelopes.Received("KS-209901-0001")));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Contains(body["Logs"]!.AsArray(), l => l!.GetValue<string>().Contains("KS-209901-0001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMalformedEnvelopeIsABadRequest()
    {
        var client = app.CreateClient();
        var response = await client.PostAsync("/RouteComplaint", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task TheTimerEnvelopeRunsTheIntakeSweep()
    {
        var client = app.CreateClient();
        var envelope = """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"CompleteIntakes"}}}""";
        var response = await client.PostAsync("/CompleteIntakes", new StringContent(envelope, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AFailingMessageIsRetriedFiveTimesThenPoisoned()
    {
        var name = FeedEnvelopes.QueueOf("RouteComplaint");
        var queue = app.Storage.Queue(name);
        var poison = app.Storage.Queue(StorageNames.Poison(name));
        var message = FeedEnvelopes.Received("KS-209912-0042");
        await queue.SendMessageAsync(message);

        var poisoned = await Poll.UntilAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value,
            messages => messages.Any(m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the message in the poison queue");

        Assert.Equal(message, poisoned.Single(m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal)).Body.ToString());
        var left = (await queue.PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal));
    }
}

/// <summary>The inbox projection rebuilds rows from the record, however often it runs.</summary>
public class ProjectionReplayTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AReplayRestoresALostInboxRowAndRepeatingItChangesNothing()
    {
        var client = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(client, Api.Intake(customer: "投影修复客户"))).RoutedAsync();
        var inbox = app.Storage.Table(AfterSales.WorkItems.Inbox.Table);
        // Routing projects the inbox after the complaint itself changes: wait for the row, as a reader of the inbox would.
        var rows = await Poll.UntilAsync(
            () => Task.FromResult(MarketingRows(inbox, c.Number)), r => r.Count == 1, what: $"{c.Number} in the marketing inbox");
        var row = rows[0];
        await inbox.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        // The projection's note still says version 2 is shown: make it redo it, as after a lost write.
        await app.Storage.Table(AfterSales.Complaints.ComplaintRecords.Table).DeleteEntityAsync(c.Number, AfterSales.WorkItems.WorkItemHosts.StateRow);

        for (var i = 0; i < 2; i++)
        {
            var replay = await client.PostJsonAsync("/api/admin/feed/ProjectWorkItems/replay", new { recordKind = "complaint", recordId = c.Number });
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(2, (await replay.ReadJsonAsync())["events"]!.GetValue<int>());
            await Poll.UntilAsync(() => Task.FromResult(MarketingRows(inbox, c.Number)), r => r.Count == 1, what: $"{c.Number} back in the marketing inbox");
        }
        Assert.Equal(row.RowKey, Assert.Single(MarketingRows(inbox, c.Number)).RowKey);
    }

    private static List<Azure.Data.Tables.TableEntity> MarketingRows(Azure.Data.Tables.TableClient inbox, string number) =>
        [.. inbox.Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "marketing").Where(e => e.GetString("RecordId") == number)];
}

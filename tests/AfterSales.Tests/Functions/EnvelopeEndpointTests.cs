using System.Net;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using System.Text;

namespace AfterSales.Tests.Functions;

/// <summary>Posts to the envelope endpoints exactly what the Functions host posts.</summary>
public class EnvelopeEndpointTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AQueueEnvelopeForANewComplaintFilesItAndAnswersWithTheHostShape()
    {
        var client = app.CreateClient();
        var created = await client.PostJsonAsync("/api/complaints", Api.Intake(customer: "无锡重工"));
        var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();
        // Whoever gets there first (this envelope or the runner) routes it; the other finds it routed.
        var envelope = """
            {"Data":{"message":"{\"number\":\"NUMBER\"}"},
             "Metadata":{"DequeueCount":"1","Id":"\"m-1\"","InsertionTime":"\"2026-11-23T10:00:00+00:00\"","PopReceipt":"\"p\"","sys":{"MethodName":"RouteComplaint","UtcNow":"2026-11-23T10:00:01Z","RandGuid":"00000000-0000-0000-0000-000000000001"}}}
            """.Replace("NUMBER", number, StringComparison.Ordinal);
        var response = await client.PostAsync("/RouteComplaint", new StringContent(envelope, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.NotNull(body["Outputs"]);
        Assert.NotNull(body["Logs"]);
        Assert.True(body.AsObject().ContainsKey("ReturnValue"));
        var complaint = await (await client.GetAsync($"/api/complaints/{number}")).ReadJsonAsync();
        Assert.Equal("awaitingTriage", complaint["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task AMessageThatCannotBeHandledAnswersNon2xxSoTheHostRetries()
    {
        var client = app.CreateClient();
        var envelope = """{"Data":{"message":"{\"number\":\"KS-209901-0001\"}"},"Metadata":{"DequeueCount":1}}""";
        var response = await client.PostAsync("/RouteComplaint", new StringContent(envelope, Encoding.UTF8, "application/json"));
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
    public async Task TheTimerEnvelopeRunsTheOutboxSweep()
    {
        var client = app.CreateClient();
        var envelope = """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"PublishOutbox"}}}""";
        var response = await client.PostAsync("/PublishOutbox", new StringContent(envelope, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AFailingMessageIsRetriedFiveTimesThenPoisoned()
    {
        var queue = app.Storage.Queue(StorageNames.Queues.ComplaintRouting);
        var poison = app.Storage.Queue(StorageNames.Queues.Poison(StorageNames.Queues.ComplaintRouting));
        await queue.SendMessageAsync("""{"number":"KS-209912-0042"}""");

        var poisoned = await Poll.UntilAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value,
            messages => messages.Any(m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the message in the poison queue");

        var message = poisoned.Single(m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal));
        Assert.Equal("""{"number":"KS-209912-0042"}""", message.Body.ToString());
        var left = (await queue.PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, m => m.Body.ToString().Contains("KS-209912-0042", StringComparison.Ordinal));
    }
}

/// <summary>The projection consumer rebuilds read models from the complaint, however often it runs.</summary>
public class ProjectionEnvelopeTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AProjectionMessageRestoresALostInboxRowAndRepeatingItChangesNothing()
    {
        var client = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(client, Api.Intake(customer: "投影修复客户"))).RoutedAsync();
        var inbox = app.Storage.Table(StorageNames.Tables.Inbox);
        // Routing projects the inbox after the complaint itself changes: wait for the row, as a reader of the inbox would.
        var rows = await Poll.UntilAsync(
            () => Task.FromResult(MarketingRows(inbox, c.Number)), r => r.Count == 1, what: $"{c.Number} in the marketing inbox");
        var row = rows[0];
        await inbox.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        // The projection row still says version 2 is shown: make the consumer redo it, as after a lost write.
        await app.Storage.Table(StorageNames.Tables.Complaints).DeleteEntityAsync(c.Number, "inbox");

        var envelope = $$$"""{"Data":{"message":"{\"number\":\"{{{c.Number}}}\"}"},"Metadata":{"DequeueCount":1}}""";
        for (var i = 0; i < 2; i++)
        {
            var response = await client.PostAsync("/ProjectComplaint", new StringContent(envelope, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(row.RowKey, Assert.Single(MarketingRows(inbox, c.Number)).RowKey);
    }

    private static List<Azure.Data.Tables.TableEntity> MarketingRows(Azure.Data.Tables.TableClient inbox, string number) =>
        [.. inbox.Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "marketing").Where(e => e.GetString("Number") == number)];
}

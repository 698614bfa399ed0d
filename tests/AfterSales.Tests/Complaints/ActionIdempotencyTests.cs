using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>A lifecycle action retried with its Idempotency-Key happens once, whatever ETag the retry carries.</summary>
public class ActionIdempotencyTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _http = app.CreateClient();
    private static readonly object Triage = new { path = "qualityRemote", analysis = "参数设置错误" };

    private static async Task<int> CountAsync(ComplaintClient c, string type) =>
        (await c.TimelineAsync()).Count(e => e!["type"]!.GetValue<string>() == type);

    [Fact]
    public async Task ARetryAfterALostAnswerIsAnsweredWithTheComplaintAndChangesNothing()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        var seen = c.ETag;

        var first = await c.SendAsync("triage", Triage, seen, "triage-once");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        // The client never saw that answer and sends the same request again, with the ETag it had.
        var retry = await c.SendAsync("triage", Triage, seen, "triage-once");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal((await first.ReadJsonAsync())["state"]!.GetValue<string>(), (await retry.ReadJsonAsync())["state"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync(c, "Triaged"));

        // Without the key, the same stale ETag is refused as before.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await c.SendAsync("triage", Triage, seen)).StatusCode);
    }

    [Fact]
    public async Task AKeyUsedForOneActionIsRefusedForAnother()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        var seen = c.ETag;
        Assert.Equal(HttpStatusCode.OK, (await c.SendAsync("triage", Triage, seen, "k-1")).StatusCode);

        var other = await c.SendAsync("triage", new { path = "notQualityProblem", analysis = "操作不当" }, seen, "k-1");

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        Assert.Contains("triage", (await other.ReadJsonAsync())["errors"]!["Idempotency-Key"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("qualityRemote", (await c.GetAsync())["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameRequestSentManyTimesAtOnceActsOnce()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        var seen = c.ETag;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => c.SendAsync("triage", Triage, seen, "burst")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers, a => !a.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync(c, "Triaged"));
    }

    [Fact]
    public async Task AnotherPersonsKeyIsTheirOwn()
    {
        var c = await (await ComplaintClient.TakeAsync(_http)).RoutedAsync();
        var seen = c.ETag;
        Assert.Equal(HttpStatusCode.OK, (await c.SendAsync("triage", Triage, seen, "shared-key")).StatusCode);

        var colleague = new ComplaintClient(app.CreateClient("u-li", "李质量", AfterSales.Kernel.Roles.Quality, AfterSales.Kernel.Roles.Marketing), c.Number, seen);
        var theirs = await colleague.SendAsync("triage", Triage, seen, "shared-key");

        Assert.Equal(HttpStatusCode.PreconditionFailed, theirs.StatusCode);
    }
}

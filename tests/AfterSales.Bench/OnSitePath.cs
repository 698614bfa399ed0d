using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Kernel;

namespace AfterSales.Bench;

/// <summary>
/// The general on-site path from intake to closed, as staff click it: triage (general, on site),
/// dispatch, arrival, resolution, the customer's confirmation, the revisit. Counts the storage
/// requests each action sends on its own request path, and the billed ones the runner sends after
/// it (the feed, subscribers, projections; waiting until the runner is quiet after each action).
/// </summary>
internal sealed class OnSitePath(HttpClient http, IntakeClient intake)
{
    private static readonly (string Action, object Body)[] Steps =
    [
        ("triage", new { path = "generalOnSite", analysis = "轴承磨损" }),
        ("dispatch", new { technician = new { id = "t-bench", name = "孙师傅" } }),
        ("arrival", new { }),
        ("resolution", new { summary = "更换轴承, 客户验证正常" }),
        ("confirmation", new { satisfied = true }),
        ("revisit", new { note = "客户满意" }),
    ];

    private readonly ConcurrentDictionary<string, int> _onPath = new();
    private readonly ConcurrentDictionary<string, int> _after = new();

    /// <summary>One complaint down the path; <paramref name="billed"/> counts every billed request so far (path and after).</summary>
    public async Task RunAsync(Func<Task> quiet, RequestCounter counter, Func<int> billed)
    {
        var before = counter.CountOnPath;
        var all = billed();
        var number = await intake.TakeAsync() ?? throw new InvalidOperationException("The intake failed.");
        Add("intake", counter.CountOnPath - before);
        string etag;
        while (true)
        {
            var response = await RequestCounter.UncountedAsync(() => http.GetAsync($"/api/complaints/{number}"));
            var c = await response.Content.ReadFromJsonAsync<JsonObject>();
            etag = response.Headers.ETag!.Tag;
            if (c!["state"]!.GetValue<string>() != "received")
            {
                break;
            }
            await Task.Delay(10);
        }
        await quiet();
        etag = (await RequestCounter.UncountedAsync(() => http.GetAsync($"/api/complaints/{number}"))).Headers.ETag!.Tag;
        AddAfter("intake", billed() - all - (counter.CountOnPath - before));
        foreach (var (action, body) in Steps)
        {
            before = counter.CountOnPath;
            all = billed();
            etag = await ActAsync(number, action, body, etag);
            var onPath = counter.CountOnPath - before;
            Add(action, onPath);
            await quiet();
            AddAfter(action, billed() - all - onPath);
            // The runner may have changed the complaint after the action (a revisit due, a survey sent).
            etag = (await RequestCounter.UncountedAsync(() => http.GetAsync($"/api/complaints/{number}"))).Headers.ETag!.Tag;
        }
    }

    private void Add(string action, int requests) => _onPath.AddOrUpdate(action, requests, (_, n) => n + requests);

    private void AddAfter(string action, int requests) => _after.AddOrUpdate(action, requests, (_, n) => n + requests);

    /// <summary>Per action, per complaint: the requests on its path and the billed ones after it (the GETs the bench reads between actions are on no path and not billed here).</summary>
    public List<(string Action, double Requests, double After)> PerAction(int complaints) =>
        [.. Steps.Select(s => s.Action).Prepend("intake").Select(a => (a, _onPath.GetValueOrDefault(a) / (double)complaints, _after.GetValueOrDefault(a) / (double)complaints))];

    private async Task<string> ActAsync(string number, string action, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{number}/{action}") { Content = JsonContent.Create(body, options: Json.Options) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        RequestCounter.OnRequestPath();
        using var response = await http.SendAsync(request);
        RequestCounter.OffRequestPath();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{action} on {number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response.Headers.ETag!.Tag;
    }
}

/// <summary>A 25 MB file attached to a complaint, streamed from a generator (the bench holds no copy).</summary>
internal static class Upload
{
    public const long Bytes = 25_000_000;

    public static async Task<double> RunAsync(HttpClient http, string number)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var content = new StreamContent(new PdfLike(Bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        content.Headers.ContentLength = Bytes;
        using var response = await http.PostAsync($"/api/attachments/complaint/{number}?fileName=bench.pdf", content);
        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"  upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>"%PDF-1.7" and then filler, read as a stream.</summary>
    private sealed class PdfLike(long length) : Stream
    {
        private static readonly byte[] Head = "%PDF-1.7\n"u8.ToArray();
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Head.Length ? Head[at] : (byte)('a' + at % 26);
            }
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

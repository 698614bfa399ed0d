using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Reliability;

/// <summary>
/// Clients working for a fixed time as the service desk does: each takes complaints and moves
/// the ones it took through their lifecycle (triage, dispatch, arrival, resolution, confirmation,
/// revisit), reading each before acting on it. Every answer is counted by its status; anything
/// but a success (or, when allowed, a 503 problem with <c>Retry-After</c>) is noted as a fault.
/// </summary>
public sealed class LoadRun
{
    private static readonly (string Action, object Body)[] Lifecycle =
    [
        ("triage", new { path = "generalOnSite", analysis = "轴承磨损" }),
        ("dispatch", new { technician = new { id = "t-zhao", name = "赵师傅" } }),
        ("arrival", new { }),
        ("resolution", new { summary = "更换轴承" }),
        ("confirmation", new { satisfied = true }),
        ("revisit", new { note = "客户满意" }),
    ];

    public int Sent => _sent;
    private int _sent;

    /// <summary>Since the run started: when each fault's request was sent.</summary>
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    /// <summary>Numbers of the complaints answered 201, by the customer named in the intake.</summary>
    public ConcurrentDictionary<string, string> Accepted { get; } = new();

    /// <summary>Intakes answered 503: their customer and Idempotency-Key, to send again after the outage.</summary>
    public ConcurrentBag<(string Customer, string OrderNumber, string Key)> Refused { get; } = [];

    public ConcurrentBag<string> Faults { get; } = [];

    public int Actions => _actions;
    private int _actions;

    /// <summary>The longest any answer took.</summary>
    public TimeSpan Slowest { get; private set; }

    /// <summary>The longest a 503 took to come.</summary>
    public TimeSpan Slowest503 { get; private set; }

    public int Count(HttpStatusCode status) => Statuses.GetValueOrDefault((int)status);

    public int FiveHundreds => Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    public static async Task<LoadRun> RunAsync(Func<HttpClient> clients, int workers, TimeSpan duration, bool outageAllowed, string tag)
    {
        var run = new LoadRun();
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => run.WorkAsync(clients(), w, until, outageAllowed, tag))));
        return run;
    }

    private async Task WorkAsync(HttpClient http, int worker, DateTime until, bool outageAllowed, string tag)
    {
        var mine = new List<(string Number, int Step)>();
        var random = new Random(worker);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            if (i % 2 == 0 || mine.Count == 0)
            {
                var customer = $"{tag}客户{worker:D2}-{i:D4}";
                var order = $"PO-{worker}-{i}";
                var key = $"{tag}-{worker}-{i}";
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(Api.Intake(customer: customer, orderNumber: order), options: Api.Options) };
                request.Headers.Add("Idempotency-Key", key);
                var (status, body, _) = await SendAsync(http, request, outageAllowed);
                if (status == HttpStatusCode.Created)
                {
                    var number = body!["number"]!.GetValue<string>();
                    Accepted[customer] = number;
                    mine.Add((number, 0));
                }
                else if (status == HttpStatusCode.ServiceUnavailable)
                {
                    Refused.Add((customer, order, key));
                }
                continue;
            }
            var pick = random.Next(mine.Count);
            var (n, step) = mine[pick];
            var (got, view, etag) = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/{n}"), outageAllowed);
            if (got != HttpStatusCode.OK || view!["state"]!.GetValue<string>() == "received")
            {
                continue; // not routed yet, or storage out of reach: another time
            }
            var (action, actionBody) = Lifecycle[step];
            var act = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{n}/{action}") { Content = JsonContent.Create(actionBody, options: Api.Options) };
            act.Headers.TryAddWithoutValidation("If-Match", etag);
            // Keyed as the desk's client does: an action refused with 503 may have committed, and its retry (with the ETag read since) is answered as done.
            act.Headers.Add("Idempotency-Key", $"{tag}-{n}-{action}");
            var (done, _, _) = await SendAsync(http, act, outageAllowed);
            if (done == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _actions);
                if (step + 1 == Lifecycle.Length)
                {
                    mine.RemoveAt(pick);
                }
                else
                {
                    mine[pick] = (n, step + 1);
                }
            }
        }
    }

    private async Task<(HttpStatusCode? Status, JsonNode? Body, string? ETag)> SendAsync(HttpClient http, HttpRequestMessage request, bool outageAllowed)
    {
        Interlocked.Increment(ref _sent);
        var what = $"{request.Method} {request.RequestUri} sent at {_since.Elapsed.TotalSeconds:0.0} s";
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (TaskCanceledException)
        {
            Faults.Add($"{what}: no answer within {http.Timeout.TotalSeconds:0} s");
            return (null, null, null);
        }
        var status = response.StatusCode;
        Note(watch.Elapsed, $"{what} ({(int)status})");
        Statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
        var text = await response.Content.ReadAsStringAsync();
        if (status == HttpStatusCode.ServiceUnavailable && outageAllowed)
        {
            lock (Faults)
            {
                if (watch.Elapsed > Slowest503)
                {
                    Slowest503 = watch.Elapsed;
                }
            }
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || response.Headers.RetryAfter?.Delta is null)
            {
                Faults.Add($"{what}: 503 without a problem document or Retry-After: {text}");
            }
            return (status, null, null);
        }
        if ((int)status >= 300)
        {
            Faults.Add($"{what}: {(int)status} {text}");
            return (status, null, null);
        }
        return (status, JsonNode.Parse(text), response.Headers.ETag?.Tag);
    }

    private void Note(TimeSpan took, string what)
    {
        lock (Faults)
        {
            if (took > Slowest)
            {
                Slowest = took;
                SlowestWas = what;
            }
        }
    }

    /// <summary>Which request took longest, and its answer.</summary>
    public string SlowestWas { get; private set; } = "";

    public string Summary =>
        $"{Sent} requests sent, {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}×{s.Key}"))}; {Accepted.Count} complaints accepted, {Actions} lifecycle actions done; slowest answer {Slowest.TotalSeconds:0.0} s ({SlowestWas}), slowest 503 {Slowest503.TotalSeconds:0.0} s";
}

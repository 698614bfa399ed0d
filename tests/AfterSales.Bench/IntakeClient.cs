using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Kernel;

namespace AfterSales.Bench;

/// <summary>
/// Takes complaints as the console does (with an Idempotency-Key) and checks every answer: 201,
/// its Location and ETag, a well-formed number, the customer it was sent for. Keeps the numbers
/// so the run can show them unique and consecutive.
/// </summary>
internal sealed class IntakeClient(HttpClient http)
{
    private int _sent;
    private int _errors;
    private readonly ConcurrentBag<string> _numbers = [];
    private readonly ConcurrentQueue<string> _problems = new();

    public IReadOnlyCollection<string> Numbers => _numbers;

    /// <summary>The number taken, or null when the answer was wrong (counted as an error).</summary>
    public async Task<string?> TakeAsync()
    {
        var i = Interlocked.Increment(ref _sent);
        var customer = $"基准客户{i % 500}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints")
        {
            Content = JsonContent.Create(new
            {
                channel = "phone",
                customer = new { name = customer, contact = "李工", phone = "13800000000", province = "江苏" },
                product = "CNC-850",
                partNumber = $"P-{i % 50}",
                orderNumber = $"PO-{i}",
                description = "主轴异响, 设备停机",
                takenBy = new { id = "u-bench", name = "Bench" },
            }, options: Json.Options),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        try
        {
            RequestCounter.OnRequestPath();
            using var response = await http.SendAsync(request);
            RequestCounter.OffRequestPath();
            var text = await response.Content.ReadAsStringAsync();
            var body = response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(text) : null;
            var number = body?["number"]?.GetValue<string>();
            if (number is null || !System.Text.RegularExpressions.Regex.IsMatch(number, @"^KS-\d{6}-\d{4,}$")
                || response.Headers.Location?.OriginalString != $"/api/complaints/{number}"
                || response.Headers.ETag?.Tag != "\"1\""
                || body!["customer"]?["name"]?.GetValue<string>() != customer)
            {
                Fail($"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                return null;
            }
            _numbers.Add(number);
            return number;
        }
        catch (Exception ex)
        {
            RequestCounter.OffRequestPath();
            Fail(ex.GetType().Name + ": " + ex.Message);
            return null;
        }
    }

    private void Fail(string problem)
    {
        Interlocked.Increment(ref _errors);
        if (_problems.Count < 5)
        {
            _problems.Enqueue(problem);
            Console.WriteLine("  intake answer wrong: " + problem);
        }
    }

    /// <summary>Errors since the last call.</summary>
    public int TakeErrors() => Interlocked.Exchange(ref _errors, 0);

    /// <summary>Whether the numbers are unique and consecutive (one month: the run is short).</summary>
    public string CheckNumbers()
    {
        var serials = _numbers.GroupBy(n => n[..9]).Select(g => g.Select(n => int.Parse(n[10..], CultureInfo.InvariantCulture)).Order().ToList()).ToList();
        var duplicates = serials.Sum(s => s.Count - s.Distinct().Count());
        var gaps = serials.Sum(s => s.Count == 0 ? 0 : s[^1] - s[0] + 1 - s.Distinct().Count());
        return duplicates == 0 && gaps == 0 ? "all unique and consecutive" : $"{duplicates} duplicated, {gaps} missing";
    }
}

/// <summary>Times from an intake's request to its complaint being routed (no longer "received": in marketing's inbox).</summary>
internal sealed class Routing(HttpClient http)
{
    private readonly ConcurrentBag<Task<double>> _watching = [];

    public void Watch(string number, long startedTimestamp) => _watching.Add(Task.Run(async () =>
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var c = await http.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}");
            if (c!["state"]!.GetValue<string>() != "received")
            {
                return System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
            }
            await Task.Delay(20);
        }
        return double.PositiveInfinity;
    }));

    public async Task<List<double>> AllAsync() => [.. await Task.WhenAll(_watching)];
}

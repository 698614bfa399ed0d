using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AfterSales.Tests.Infrastructure;

/// <summary>A request the stub received, as it arrived.</summary>
public sealed record StubRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : "";
}

/// <summary>What the stub answers.</summary>
public sealed record StubResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly StubResponse Accepted = new(202);

    public static StubResponse Json(string body, int status = 200) => new(status, body, new Dictionary<string, string> { ["Content-Type"] = "application/json" });
}

/// <summary>
/// An HTTP server on 127.0.0.1 (a free port) standing in for Microsoft Graph and the Teams webhook:
/// the real clients are pointed at it, it records every request exactly as sent, and answers by
/// rules (the newest matching rule wins; a rule's answers are used in turn, the last one repeating).
/// Unmatched requests get 202.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(Func<StubRequest, bool> Match, Queue<StubResponse> Answers)> _rules = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (Func<StubRequest, bool> Match, int Left)? _hold;
    private int _holding;

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    public string Url { get; }

    private StubServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<StubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StubServer? stub = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = new StubRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(), DateTimeOffset.UtcNow);
            stub!.Requests.Enqueue(request);
            if (stub.TakeHold(request))
            {
                // Received, never answered: the caller gives up (or the stub stops) first.
                Interlocked.Increment(ref stub._holding);
                try
                {
                    await stub._released.Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The caller gave up.
                }
                return;
            }
            var answer = stub.Answer(request);
            http.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                http.Response.Headers[name] = value;
            }
            if (answer.Body is not null)
            {
                await http.Response.WriteAsync(answer.Body);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StubServer(app, address.TrimEnd('/'));
        return stub;
    }

    /// <summary>Answers requests that match with these responses in turn (the last repeats).</summary>
    public void On(Func<StubRequest, bool> match, params StubResponse[] answers)
    {
        lock (_gate)
        {
            _rules.Add((match, new Queue<StubResponse>(answers)));
        }
    }

    public IReadOnlyList<StubRequest> Where(Func<StubRequest, bool> match) => [.. Requests.Where(match)];

    /// <summary>
    /// The next <paramref name="count"/> requests that match are recorded and never answered (a
    /// service that took the request and hangs): the caller is left waiting until it gives up or
    /// the stub stops.
    /// </summary>
    public void Hold(Func<StubRequest, bool> match, int count)
    {
        lock (_gate)
        {
            _hold = (match, count);
        }
    }

    /// <summary>How many requests have been held unanswered so far.</summary>
    public int Holding => Volatile.Read(ref _holding);

    private bool TakeHold(StubRequest request)
    {
        lock (_gate)
        {
            if (_hold is not { Left: > 0 } hold || !hold.Match(request))
            {
                return false;
            }
            _hold = hold with { Left = hold.Left - 1 };
            return true;
        }
    }

    private StubResponse Answer(StubRequest request)
    {
        lock (_gate)
        {
            for (var i = _rules.Count - 1; i >= 0; i--)
            {
                var (match, answers) = _rules[i];
                if (match(request))
                {
                    return answers.Count > 1 ? answers.Dequeue() : answers.Peek();
                }
            }
        }
        return StubResponse.Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Reliability;

/// <summary>The app on a real socket (Kestrel on 127.0.0.1, a free port), where Kestrel's header limits apply.</summary>
public sealed class KestrelApp(AzuriteFixture azurite) : AppFixture(azurite)
{
    public Uri Address { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LocalRunner:Enabled", "false");
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public override ValueTask InitializeAsync()
    {
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Oversized request headers on a real socket: a 64 KB header, headers over Kestrel's total, and
/// more headers than it takes are refused with 431 (never a 5xx), and the app goes on serving.
/// </summary>
public class HeaderLimitTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task OversizedAndTooManyHeadersAre431AndTheAppKeepsServing()
    {
        var token = AfterSales.Tests.Access.TestTokens.For(AppFixture.DefaultUserId, AppFixture.DefaultUserName, [.. AfterSales.Kernel.Roles.All]);
        var cases = new (string What, string Headers)[]
        {
            ("one 64 KB header", $"X-Note: {new string('a', 64 * 1024)}\r\n"),
            ("a 64 KB Authorization header", $"Authorization: Bearer {new string('b', 64 * 1024)}\r\n"),
            ("a 64 KB cookie", $"Cookie: s={new string('c', 64 * 1024)}\r\n"),
            ("40 headers of 1 KB (over 32 KB in all)", string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Part-{i}: {new string('d', 1024)}\r\n"))),
            ("200 small headers", string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: {i}\r\n"))),
            ("1,000 small headers", string.Concat(Enumerable.Range(0, 1000).Select(i => $"X-H{i}: {i}\r\n"))),
        };
        var tried = 0;
        foreach (var (what, headers) in cases)
        {
            foreach (var (method, path) in new[] { ("GET", "/api/health"), ("POST", "/api/complaints"), ("GET", "/api/complaints?pageSize=5") })
            {
                var status = await SendRawAsync($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n{headers}Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{{}}");
                tried++;
                Assert.True(status == 431, $"{what} on {method} {path} answered {status}");
            }
        }
        var longLine = await SendRawAsync($"GET /api/complaints?q={new string('e', 64 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        tried++;
        Assert.True(longLine is 414 or 431, $"a 64 KB request line answered {longLine}");

        // And it keeps serving, on new connections, signed-in work included.
        using var http = new HttpClient { BaseAddress = app.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/health")).StatusCode);
        var intake = await http.PostJsonAsync("/api/complaints", Api.Intake(customer: "超长请求头后客户"));
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        Figures.Say($"Oversized headers: {tried} requests on a real Kestrel socket, all refused with 431 (the long request line: {longLine}); afterwards /api/health 200 and an intake 201");
    }

    /// <summary>Writes the request as bytes on a fresh connection and reads the status code of the answer.</summary>
    private async Task<int> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, app.Address.Port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        }
        catch (IOException)
        {
            // Kestrel may answer and close before it has read everything: the answer is still there to read.
        }
        var buffer = new byte[1024];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (read < 12)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var line = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 ", line);
        return int.Parse(line[9..12], System.Globalization.CultureInfo.InvariantCulture);
    }
}

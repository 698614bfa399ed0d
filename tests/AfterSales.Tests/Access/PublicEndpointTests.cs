using System.Net;
using System.Text;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Access;

/// <summary>The app with public limits small enough to hit in a test.</summary>
public sealed class TightLimitsAppFixture(AzuriteFixture azurite) : AppFixture(azurite)
{
    public const int IntakePermits = 2;
    public const int ReadPermits = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["PublicEndpoints:IntakePermits"] = IntakePermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PublicEndpoints:ReadPermits"] = ReadPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PublicEndpoints:Window"] = "00:10:00",
    };
}

public class PublicEndpointTests(TightLimitsAppFixture app) : IClassFixture<TightLimitsAppFixture>
{
    /// <summary>A customer behind the Functions host: the host's proxy names the client in X-Forwarded-For.</summary>
    private HttpClient Customer(string ip)
    {
        var client = app.CreateClientWithToken(null);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    [Fact]
    public async Task StatusReadsBeyondTheLimitAreRefusedWith429AndRetryAfterPerClient()
    {
        var greedy = Customer("203.0.113.10");
        for (var i = 0; i < TightLimitsAppFixture.ReadPermits; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await greedy.GetAsync("/api/public/status/not-a-token")).StatusCode);
        }
        var refused = await greedy.GetAsync("/api/public/status/not-a-token");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        // Another customer is not held back by the first.
        Assert.Equal(HttpStatusCode.Forbidden, (await Customer("203.0.113.11").GetAsync("/api/public/status/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task WebFormIntakeHasItsOwnSmallerLimit()
    {
        var client = Customer("198.51.100.20");
        for (var i = 0; i < TightLimitsAppFixture.IntakePermits; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/public/complaints", AuthorizationMatrixTests.WebForm())).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostJsonAsync("/api/public/complaints", AuthorizationMatrixTests.WebForm())).StatusCode);
    }

    [Fact]
    public async Task AClientCannotDodgeTheLimitByPrependingAddresses()
    {
        var real = "192.0.2.30";
        for (var i = 0; i <= TightLimitsAppFixture.ReadPermits; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/status/not-a-token");
            // What the client sends comes first; the proxy appends the address it saw last.
            request.Headers.Add("X-Forwarded-For", $"10.0.0.{i}, {real}");
            var response = await app.CreateClientWithToken(null).SendAsync(request);
            Assert.Equal(i < TightLimitsAppFixture.ReadPermits ? HttpStatusCode.Forbidden : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    [Fact]
    public async Task AnOversizedPublicBodyIsRefusedWith413()
    {
        var client = Customer("198.51.100.40");
        var body = AuthorizationMatrixTests.WebForm(description: new string('长', 6000)); // ~18 KB in UTF-8
        var json = System.Text.Json.JsonSerializer.Serialize(body, Api.Options);

        var sized = await client.PostAsync("/api/public/complaints", new StringContent(json, Encoding.UTF8, "application/json"));
        var chunked = await client.PostAsync("/api/public/complaints", new UnknownLengthContent(Encoding.UTF8.GetBytes(json)));

        foreach (var response in new[] { sized, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task ASmallBodyOfUnknownLengthIsStillRead()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(AuthorizationMatrixTests.WebForm(), Api.Options);
        var response = await Customer("198.51.100.41").PostAsync("/api/public/complaints", new UnknownLengthContent(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A body sent without Content-Length (chunked), as a client streaming it would.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

public class ClientAddressTests
{
    [Theory]
    [InlineData(null, "203.0.113.7", "203.0.113.7")]
    [InlineData(null, "203.0.113.7:50123", "203.0.113.7")]
    [InlineData(null, "10.0.0.1, 203.0.113.7:50123", "203.0.113.7")]
    [InlineData(null, "[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64")]
    [InlineData(null, "2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("127.0.0.1", "198.51.100.9", "198.51.100.9")]
    [InlineData("198.51.100.1", "203.0.113.7", "198.51.100.1")]
    [InlineData(null, null, "unknown")]
    public void TheClientIsTheDirectPeerOrWhatTheLocalProxyAppendedWithoutItsPort(string? peer, string? forwarded, string expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = peer is null ? null : IPAddress.Parse(peer);
        if (forwarded is not null)
        {
            http.Request.Headers["X-Forwarded-For"] = forwarded;
        }
        Assert.Equal(expected, AfterSales.Access.PublicAccess.ClientAddress(http, new AfterSales.Access.PublicEndpointOptions()));
    }
}

using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AfterSales.Access;

/// <summary>Limits on the endpoints customers reach without signing in (<c>PublicEndpoints</c> section).</summary>
public sealed class PublicEndpointOptions
{
    public const string Section = "PublicEndpoints";

    /// <summary>Web-form complaints one client may send per window.</summary>
    public int IntakePermits { get; set; } = 5;
    /// <summary>Status and survey reads one client may make per window.</summary>
    public int ReadPermits { get; set; } = 60;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Largest request body a public endpoint accepts.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024;
    /// <summary>
    /// The header whose last entry is the client's address when the request came through a proxy
    /// on this machine (the Functions host). The last entry is the one the nearest trusted proxy
    /// appended; entries a client sends itself come earlier and are ignored.
    /// </summary>
    public string ClientIpHeader { get; set; } = "X-Forwarded-For";
}

/// <summary>
/// How an endpoint opens itself to customers: <c>.AllowPublic(PublicAccess.Intake)</c> makes it
/// anonymous, rate-limited per client address and limited to small bodies.
/// </summary>
public static class PublicAccess
{
    /// <summary>Rate limit for creating things (web-form intake, survey answers).</summary>
    public const string Intake = "public-intake";
    /// <summary>Rate limit for reading (status page, survey form).</summary>
    public const string Read = "public-read";

    public static TBuilder AllowPublic<TBuilder>(this TBuilder builder, string rateLimit) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().RequireRateLimiting(rateLimit).WithMetadata(new PublicBodyLimit());

    internal static IServiceCollection AddPublicAccess(this IServiceCollection services)
    {
        services.AddOptions<PublicEndpointOptions>().BindConfiguration(PublicEndpointOptions.Section);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Intake, http => Partition(http, p => p.IntakePermits));
            o.AddPolicy(Read, http => Partition(http, p => p.ReadPermits));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = $"Try again in {seconds} seconds." },
                });
            };
        });
        return services;
    }

    /// <summary>Refuses bodies over the limit with 413 on public endpoints, before anything reads them.</summary>
    internal static IApplicationBuilder UsePublicBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<PublicBodyLimit>() is null)
        {
            await next(http);
            return;
        }
        var limit = http.RequestServices.GetRequiredService<IOptions<PublicEndpointOptions>>().Value.MaxBodyBytes;
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max)
        {
            max.MaxRequestBodySize = limit;
        }
        if (http.Request.ContentLength > limit || (http.Request.ContentLength is null && !await BufferWithinAsync(http, limit)))
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 413, Title = "The request is too large.", Detail = $"This endpoint accepts at most {limit} bytes." },
            });
            return;
        }
        await next(http);
    });

    /// <summary>A body of unknown length is read into memory up to the (small) limit, never beyond.</summary>
    private static async Task<bool> BufferWithinAsync(HttpContext http, long limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return false;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        http.Request.Body = buffer;
        http.Response.RegisterForDispose(buffer);
        return true;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, Func<PublicEndpointOptions, int> permits)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<PublicEndpointOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http, options), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    /// <summary>
    /// The client's address: the connection's peer, unless the peer is this machine (the Functions
    /// host proxying the request), then the last entry of <see cref="PublicEndpointOptions.ClientIpHeader"/>.
    /// </summary>
    internal static string ClientAddress(HttpContext http, PublicEndpointOptions options)
    {
        var peer = http.Connection.RemoteIpAddress;
        if (peer is not null && !IPAddress.IsLoopback(peer))
        {
            return Key(peer);
        }
        var forwarded = http.Request.Headers[options.ClientIpHeader].ToString();
        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        // Proxies may write "address:port"; the port changes with every connection, so it is dropped.
        return last is not null && IPEndPoint.TryParse(last, out var endpoint) ? Key(endpoint.Address)
            : last ?? (peer is null ? "unknown" : Key(peer));
    }

    /// <summary>An IPv4 address as is; an IPv6 address by its /64, which one client typically holds whole.</summary>
    private static string Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>Marks an endpoint whose body is limited to <see cref="PublicEndpointOptions.MaxBodyBytes"/>.</summary>
public sealed class PublicBodyLimit;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Functions;

/// <summary>
/// Where the inner request of an HTTP envelope goes: by default the handler's own HTTP listener
/// (under the host, <c>http://127.0.0.1:{FUNCTIONS_CUSTOMHANDLER_PORT}</c>). Register another in
/// the services to send it elsewhere (the tests hand it the in-memory test server).
/// </summary>
public sealed class HttpEnvelopeLoopback(Func<(Uri BaseAddress, HttpMessageHandler Handler)> connect) : IDisposable
{
    // Not cached on failure: the listener's address is known only once the server has started.
    private readonly Lazy<(Uri BaseAddress, HttpMessageInvoker Invoker)> _target = new(() =>
    {
        var (address, handler) = connect();
        return (address, new HttpMessageInvoker(handler, disposeHandler: true));
    }, LazyThreadSafetyMode.PublicationOnly);

    public (Uri BaseAddress, HttpMessageInvoker Invoker) Connect() => _target.Value;

    /// <summary>The first plain-HTTP address the server listens on, wildcards read as 127.0.0.1.</summary>
    public static HttpEnvelopeLoopback ToListener(IServer server) => new(() =>
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = LoopbackAddress(addresses)
            ?? throw new InvalidOperationException($"The server listens on no plain-HTTP address ({string.Join(", ", addresses)}).");
        return (address, new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
    });

    internal static Uri? LoopbackAddress(IEnumerable<string> addresses)
    {
        foreach (var text in addresses)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(text);
            }
            catch (FormatException)
            {
                continue;
            }
            if (binding.IsUnixPipe || !binding.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || binding.Port <= 0)
            {
                continue;
            }
            var host = binding.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : binding.Host;
            return new Uri($"http://{host}:{binding.Port}/");
        }
        return null;
    }

    public void Dispose()
    {
        if (_target.IsValueCreated)
        {
            _target.Value.Invoker.Dispose();
        }
    }
}

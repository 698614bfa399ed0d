using System.Net;
using System.Net.Sockets;
using AfterSales.Functions.Local;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Reliability;

/// <summary>
/// Stands between the app and Azurite on loopback: one forwarding port per storage service. Cut
/// closes the ports and drops every open connection (the app sees refused and reset connections,
/// as when the storage account is out of reach); Restore opens the same ports again.
/// </summary>
public sealed class StorageCutter : IAsyncDisposable
{
    private readonly List<Forwarder> _forwarders;

    public StorageCutter(AzuriteFixture azurite)
    {
        var ports = Ports(azurite.ConnectionString);
        _forwarders = [.. ports.Select(p => new Forwarder(p))];
        foreach (var f in _forwarders)
        {
            f.Open();
        }
    }

    /// <summary>The app's connection string: the same account, through the forwarding ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_forwarders[0].Port}/{Azurite.AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{_forwarders[1].Port}/{Azurite.AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{_forwarders[2].Port}/{Azurite.AccountName};";

    public void Cut()
    {
        foreach (var f in _forwarders)
        {
            f.Close();
        }
    }

    public void Restore()
    {
        foreach (var f in _forwarders)
        {
            f.Open();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    /// <summary>Blob, queue and table ports of Azurite, from its connection string.</summary>
    private static int[] Ports(string connectionString) =>
        [.. new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" }.Select(name =>
        {
            var endpoint = connectionString.Split(';').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
            return new Uri(endpoint).Port;
        })];

    private sealed class Forwarder(int target)
    {
        private readonly Lock _lock = new();
        private readonly List<TcpClient> _open = [];
        private TcpListener? _listener;

        public int Port { get; } = Azurite.FreePort();

        public void Open()
        {
            lock (_lock)
            {
                if (_listener is not null)
                {
                    return;
                }
                var listener = new TcpListener(IPAddress.Loopback, Port);
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start();
                _listener = listener;
                _ = AcceptAsync(listener);
            }
        }

        public void Close()
        {
            lock (_lock)
            {
                _listener?.Stop();
                _listener = null;
                foreach (var c in _open)
                {
                    try
                    {
                        c.Client.LingerState = new LingerOption(true, 0); // a reset, not a polite close
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                    }
                    c.Dispose();
                }
                _open.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (true)
            {
                TcpClient inbound;
                try
                {
                    inbound = await listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // closed
                }
                _ = PumpAsync(inbound);
            }
        }

        private async Task PumpAsync(TcpClient inbound)
        {
            var outbound = new TcpClient();
            lock (_lock)
            {
                if (_listener is null)
                {
                    inbound.Dispose();
                    return;
                }
                _open.Add(inbound);
                _open.Add(outbound);
            }
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, target);
                var a = inbound.GetStream();
                var b = outbound.GetStream();
                await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
            finally
            {
                lock (_lock)
                {
                    _open.Remove(inbound);
                    _open.Remove(outbound);
                }
                inbound.Dispose();
                outbound.Dispose();
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 to a local port (TLS passes through untouched). <see cref="Freeze"/> makes every
/// connection a dead path: bytes are read and dropped both ways while the sockets stay open, as when a network
/// path fails without a reset.
/// </summary>
public sealed class TcpRelay(int targetPort) : LoopbackTcpServer
{
    private readonly ConcurrentBag<TcpClient> _upstreams = new();
    private volatile bool _frozen;

    /// <summary>From now on nothing gets through, and nothing is closed.</summary>
    public void Freeze() => _frozen = true;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (TcpClient upstream in _upstreams)
        {
            upstream.Dispose();
        }
    }

    protected override async Task ServeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        _upstreams.Add(upstream);
        await upstream.ConnectAsync(IPAddress.Loopback, targetPort, Stopping);
        NetworkStream down = client.GetStream();
        NetworkStream up = upstream.GetStream();
        await Task.WhenAny(PumpAsync(down, up), PumpAsync(up, down));
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        byte[] buffer = new byte[16384];
        int read;
        while ((read = await from.ReadAsync(buffer, Stopping)) > 0)
        {
            if (!_frozen)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), Stopping);
            }
        }
    }
}

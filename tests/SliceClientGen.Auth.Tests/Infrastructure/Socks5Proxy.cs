using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A small SOCKS5 proxy on 127.0.0.1 (RFC 1928, CONNECT only) that requires username/password authentication
/// (RFC 1929): it records the credentials and each target (<c>host:port</c>), then relays bytes both ways (the TLS
/// stays end to end). A client that does not offer username/password is refused.
/// </summary>
public sealed class Socks5Proxy : LoopbackTcpServer
{
    private const byte Version = 5;
    private const byte UsernamePassword = 2;
    private const byte NoAcceptableMethod = 0xFF;

    /// <summary>The targets of the connections relayed (<c>host:port</c>).</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>The <c>user:password</c> pairs received.</summary>
    public ConcurrentQueue<string> Credentials { get; } = new();

    protected override async Task ServeAsync(TcpClient client)
    {
        NetworkStream stream = client.GetStream();

        // Greeting: VER NMETHODS METHODS…
        byte[] greeting = await ReadAsync(stream, 2);
        byte[] methods = await ReadAsync(stream, greeting[1]);
        if (greeting[0] != Version || !methods.Contains(UsernamePassword))
        {
            await stream.WriteAsync(new byte[] { Version, NoAcceptableMethod });
            return;
        }

        await stream.WriteAsync(new byte[] { Version, UsernamePassword });

        // Username/password: VER ULEN UNAME PLEN PASSWD
        byte[] userLength = await ReadAsync(stream, 2);
        string user = Encoding.UTF8.GetString(await ReadAsync(stream, userLength[1]));
        string password = Encoding.UTF8.GetString(await ReadAsync(stream, (await ReadAsync(stream, 1))[0]));
        Credentials.Enqueue(user + ":" + password);
        await stream.WriteAsync(new byte[] { 1, 0 });

        // Request: VER CMD RSV ATYP DST.ADDR DST.PORT
        byte[] request = await ReadAsync(stream, 4);
        string host = request[3] switch
        {
            1 => new IPAddress(await ReadAsync(stream, 4)).ToString(),
            4 => new IPAddress(await ReadAsync(stream, 16)).ToString(),
            3 => Encoding.ASCII.GetString(await ReadAsync(stream, (await ReadAsync(stream, 1))[0])),
            _ => throw new IOException("Unknown SOCKS5 address type " + request[3]),
        };
        byte[] port = await ReadAsync(stream, 2);
        int targetPort = (port[0] << 8) | port[1];
        Targets.Enqueue(host + ":" + targetPort);

        using var upstream = new TcpClient();
        await upstream.ConnectAsync(host, targetPort, Stopping);
        await stream.WriteAsync(new byte[] { Version, 0, 0, 1, 0, 0, 0, 0, 0, 0 });
        await RelayAsync(stream, upstream.GetStream());
    }

    private async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Stopping);
        return buffer;
    }
}

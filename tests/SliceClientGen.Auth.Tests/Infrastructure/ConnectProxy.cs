using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A small HTTP CONNECT proxy on 127.0.0.1: it asks for Basic credentials (407) until they come, records each
/// CONNECT target and the Proxy-Authorization it carried, then relays bytes both ways (the TLS stays end to end).
/// </summary>
public sealed class ConnectProxy : LoopbackTcpServer
{
    /// <summary>The targets of the tunnels opened (<c>host:port</c>).</summary>
    public ConcurrentQueue<string> Tunnels { get; } = new();

    /// <summary>Every Proxy-Authorization header received (null when a CONNECT came without one).</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Host names the proxy resolves to 127.0.0.1 itself, as a proxy whose DNS knows names the client's does not.</summary>
    public ConcurrentDictionary<string, bool> LoopbackNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task ServeAsync(TcpClient client)
    {
        NetworkStream stream = client.GetStream();
        string head = await ReadHeadAsync(stream);
        string[] lines = head.Split("\r\n");
        string[] request = lines[0].Split(' ');
        string? authorization = lines.Skip(1).Where(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l["Proxy-Authorization:".Length..].Trim()).FirstOrDefault();
        Authorizations.Enqueue(authorization);
        if (request[0] != "CONNECT" || authorization is null)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"));
            return;
        }

        Tunnels.Enqueue(request[1]);
        string[] target = request[1].Split(':');
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(LoopbackNames.ContainsKey(target[0]) ? "127.0.0.1" : target[0], int.Parse(target[1], System.Globalization.CultureInfo.InvariantCulture));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"));
        await RelayAsync(stream, upstream.GetStream());
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}

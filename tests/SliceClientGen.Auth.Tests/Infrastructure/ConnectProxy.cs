using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A small HTTP CONNECT proxy on 127.0.0.1: it asks for Basic credentials (407) until they come, records each
/// CONNECT target and the Proxy-Authorization it carried, then relays bytes both ways (the TLS stays end to end).
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConnectProxy()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The targets of the tunnels opened (<c>host:port</c>).</summary>
    public ConcurrentQueue<string> Tunnels { get; } = new();

    /// <summary>Every Proxy-Authorization header received (null when a CONNECT came without one).</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_accepting);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
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
            await upstream.ConnectAsync(target[0], int.Parse(target[1], System.Globalization.CultureInfo.InvariantCulture));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n"));
            NetworkStream up = upstream.GetStream();
            try
            {
                await Task.WhenAny(stream.CopyToAsync(up, _stop.Token), up.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
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

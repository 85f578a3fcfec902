using System.Net;
using System.Net.Sockets;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A TCP server on 127.0.0.1 and an ephemeral port that serves each connection on its own task until disposed: the
/// base of the tests' proxies and relay. A connection that fails or is cut off while served simply ends.
/// </summary>
public abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    protected LoopbackTcpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_accepting);
        _stop.Dispose();
    }

    /// <summary>Serves one accepted connection; the caller disposes it afterwards.</summary>
    protected abstract Task ServeAsync(TcpClient client);

    /// <summary>Copies bytes both ways until either side ends.</summary>
    protected async Task RelayAsync(NetworkStream one, NetworkStream other) =>
        await Task.WhenAny(one.CopyToAsync(other, Stopping), other.CopyToAsync(one, Stopping));

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

            _ = ServeAndCloseAsync(client);
        }
    }

    private async Task ServeAndCloseAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await ServeAsync(client);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The other side went away, or the server is stopping.
            }
        }
    }
}

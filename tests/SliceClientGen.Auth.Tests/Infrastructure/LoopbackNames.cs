using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>
/// A configuration's own connection handler whose connections to <see cref="Names"/> go to 127.0.0.1, as if DNS said
/// so (connections to anything else, a proxy included, go where they name): a server can then be addressed by a
/// name or an address that is not loopback, which the proxy rules treat like any remote host. Every endpoint
/// connected to is recorded.
/// </summary>
public sealed class LoopbackNames
{
    public LoopbackNames(params string[] names) => Names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Names { get; }

    /// <summary>The <c>host:port</c> of every connection the handler opened.</summary>
    public ConcurrentQueue<string> Connections { get; } = new();

    /// <summary>An HttpClient over <see cref="ClusterConfiguration.CreatePrimaryHandler"/> with the name mapping (no bearer or TLS-failure handlers).</summary>
    internal HttpClient Client(ClusterConfiguration configuration)
    {
        SocketsHttpHandler handler = configuration.CreatePrimaryHandler();
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            DnsEndPoint target = context.DnsEndPoint;
            Connections.Enqueue(target.Host + ":" + target.Port);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(Names.Contains(target.Host) ? new IPEndPoint(IPAddress.Loopback, target.Port) : target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = configuration.Server };
    }
}

using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// Asks for HTTP/2 on https requests that did not choose a version, falling back to HTTP/1.1 when the server does
/// not offer it (ALPN). Over HTTP/2 many watches share few connections; the primary handler allows more than one
/// connection, so watches beyond a connection's stream limit (100 on most servers) do not wait in a queue.
/// Synchronous requests (<see cref="HttpClient.Send(HttpRequestMessage)"/>) are left on HTTP/1.1.
/// </summary>
internal sealed class Http2VersionHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Scheme: "https" } && request.Version == HttpVersion.Version11 && request.VersionPolicy == HttpVersionPolicy.RequestVersionOrLower)
        {
            request.Version = HttpVersion.Version20;
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Synchronous requests stay on the version they have: SocketsHttpHandler sends synchronously over HTTP/1.1 only
    /// (it refuses HTTP/2 unless it may fall back), so asking for HTTP/2 here would gain nothing.
    /// </summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.Send(request, cancellationToken);
}

using System;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Explains TLS failures, which .NET reports as "The SSL connection could not be established" or, when a TLS
/// 1.3 server refuses the client certificate after the handshake, as "The response ended prematurely" (over
/// HTTP/2: "the server did not complete the HTTP/2 handshake"). The
/// new exception names the server (scheme, host and port only), why its certificate was rejected, and where
/// the client certificate came from; it keeps <see cref="HttpRequestException.HttpRequestError"/> (so retry
/// decisions do not change) and the original as its inner exception. Never any secret.
/// With a client certificate from an exec plugin it also makes sure the certificate is current before the
/// request can open a connection, and after a handshake that failed with it (not over the server's
/// certificate) runs the plugin again and sends the request once more. The synchronous path
/// (<see cref="HttpClient.Send(HttpRequestMessage)"/>) does the same, running the plugin synchronously.
/// </summary>
internal sealed class TlsFailureHandler : DelegatingHandler
{
    private readonly TlsMaterial? _tls;

    public TlsFailureHandler(TlsMaterial? tls) => _tls = tls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, async: true, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SynchronousSend.Result(SendAsync(request, async: false, cancellationToken));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        X509Certificate2? offered = _tls is null ? null : await _tls.PrepareClientCertificateAsync(async, cancellationToken).ConfigureAwait(false);
        long handshakes = _tls?.ClientCertificateHandshakes ?? 0;
        try
        {
            return await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsTlsFailure(request, e, handshakes))
        {
            if (offered is null || !RefusedClientCertificate(e, handshakes) || !CanResend(request.Content)
                || !await _tls!.RenewClientCertificateAsync(offered, Server(request.RequestUri!), async, cancellationToken).ConfigureAwait(false))
            {
                throw Explained(request.RequestUri!, e);
            }
        }

        // The renewed certificate goes out on a new connection: the failed handshake left none behind, and with
        // TlsConnectionPools the request goes to a new pool made with it (over HTTP/2 too).
        try
        {
            return await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsTlsFailure(request, e, handshakes))
        {
            throw Explained(request.RequestUri!, e);
        }
    }

    /// <summary>The inner handler's response, asynchronously or (<paramref name="async"/> false) synchronously.</summary>
    private Task<HttpResponseMessage> NextAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken) =>
        async ? base.SendAsync(request, cancellationToken) : Task.FromResult(base.Send(request, cancellationToken));

    /// <summary>
    /// A failed handshake, or a connection that ended before a response: over HTTP/1.1 as ResponseEnded, over HTTP/2
    /// as an InvalidResponse (or an I/O error) while setting up the HTTP/2 connection; with a client certificate, any
    /// failure of a request during which a handshake asked for it.
    /// </summary>
    private bool IsTlsFailure(HttpRequestMessage request, HttpRequestException e, long handshakesBefore) =>
        request.RequestUri is { Scheme: "https" }
        && (e.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded
            || (e.HttpRequestError == HttpRequestError.InvalidResponse && EndedEarly(e.InnerException))
            || (_tls is not null && _tls.ClientCertificateHandshakes != handshakesBefore));

    private static bool EndedEarly(Exception? cause)
    {
        for (; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The server may have refused the client certificate: the handshake failed and not over the server's
    /// certificate (the validator would have said why), or, as a TLS 1.3 server refuses one (after the client
    /// finished its side of the handshake, with nothing in the exception to tell), the response ended on a
    /// connection opened during this request (over HTTP/2: any failure there). A connection that drops after serving
    /// requests does not count.
    /// </summary>
    private bool RefusedClientCertificate(HttpRequestException e, long handshakesBefore) =>
        _tls!.LastRejection is null
        && (e.HttpRequestError == HttpRequestError.SecureConnectionError || _tls.ClientCertificateHandshakes != handshakesBefore);

    /// <summary>Requests without a body, or with content held in memory, can be sent a second time.</summary>
    private static bool CanResend(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent;

    private static string Server(Uri uri) => "the API server at " + uri.GetLeftPart(UriPartial.Authority);

    private HttpRequestException Explained(Uri uri, HttpRequestException e) =>
        new(e.HttpRequestError, Explain(uri, e.HttpRequestError), e, e.StatusCode);

    private string Explain(Uri uri, HttpRequestError error)
    {
        string server = Server(uri);
        string client = _tls is null || _tls.ClientCertificateDescription == "none"
            ? "no client certificate is configured"
            : "the client certificate is " + _tls.ClientCertificateDescription;
        if (error == HttpRequestError.SecureConnectionError && _tls?.LastRejection is { } rejection)
        {
            return "Could not connect to " + server + ": its certificate was rejected: " + rejection;
        }

        return error == HttpRequestError.SecureConnectionError
            ? "The TLS handshake with " + server + " failed (" + client + "); the server may have refused the client certificate, or the TLS versions do not match. See the inner exception."
            : "The connection to " + server + " ended before a response. A TLS 1.3 server refuses a client certificate this way (" + client + "); otherwise the connection dropped.";
    }
}

using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Explains TLS failures, which .NET reports as "The SSL connection could not be established" or, when a TLS
/// 1.3 server refuses the client certificate after the handshake, as "The response ended prematurely". The
/// new exception names the server (scheme, host and port only), why its certificate was rejected, and where
/// the client certificate came from; it keeps <see cref="HttpRequestException.HttpRequestError"/> (so retry
/// decisions do not change) and the original as its inner exception. Never any secret.
/// </summary>
internal sealed class TlsFailureHandler : DelegatingHandler
{
    private readonly TlsMaterial? _tls;

    public TlsFailureHandler(TlsMaterial? tls) => _tls = tls;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (
            request.RequestUri is { Scheme: "https" } uri
            && e.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded)
        {
            throw new HttpRequestException(e.HttpRequestError, Explain(uri, e.HttpRequestError), e, e.StatusCode);
        }
    }

    private string Explain(Uri uri, HttpRequestError error)
    {
        string server = "the API server at " + uri.GetLeftPart(UriPartial.Authority);
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

using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Sets <c>Authorization: Bearer …</c> on every request from a <see cref="BearerTokenSource"/>. After a 401 it
/// asks the source for a fresh token once and, when the token changed and the request can be sent again,
/// retries once (never in a loop). Tokens are not sent over plain http to a host other than loopback unless
/// <see cref="AllowInsecureHttp"/> is set.
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    private readonly BearerTokenSource _source;

    /// <summary>Creates the handler.</summary>
    /// <param name="source">Where tokens come from.</param>
    public BearerTokenHandler(BearerTokenSource source) => _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
    /// <param name="source">Where tokens come from.</param>
    /// <param name="innerHandler">The next handler.</param>
    public BearerTokenHandler(BearerTokenSource source, HttpMessageHandler innerHandler)
        : base(innerHandler) => _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Allow tokens over plain http to hosts other than loopback (a deliberate choice; off by default).</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !AllowInsecureHttp)
        {
            throw new InvalidOperationException(
                "Refusing to send a bearer token over plain http to " + uri.Host + ": use https, or set BearerTokenHandler.AllowInsecureHttp (insecure) to allow it.");
        }

        string token = await _source.GetTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanResend(request))
        {
            return response;
        }

        string fresh = await _source.GetTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
        if (string.Equals(fresh, token, StringComparison.Ordinal))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Requests without a body, or with buffered content, can be sent a second time.</summary>
    private static bool CanResend(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent;
}

using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Sets <c>Authorization: Bearer …</c> on every request from a <see cref="BearerTokenSource"/> (a request that
/// already carries an Authorization header set by the caller is left alone). After a 401 it asks the source for a fresh token
/// once and, when the token changed and the request can be sent again (no body, or a buffered one such as
/// the generated client's JSON bodies), retries once: never in a loop. Tokens are not sent over plain http to
/// a host other than loopback unless <see cref="AllowInsecureHttp"/> is set. The synchronous path
/// (<see cref="HttpClient.Send(HttpRequestMessage)"/>) does the same; this library's token sources then read and run
/// synchronously, and a source of the caller's is asked on the thread pool, away from the caller's context.
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    /// <summary>Marks requests whose Authorization header this handler set (a retry handler outside may send them again).</summary>
    private static readonly HttpRequestOptionsKey<bool> s_setHere = new("SliceClientGen.Runtime.Auth.BearerTokenHandler");

    private readonly BearerTokenSource _source;

    /// <summary>Creates the handler (its inner handler is set later, as IHttpClientFactory does).</summary>
    /// <param name="source">Where tokens come from.</param>
    public BearerTokenHandler(BearerTokenSource source) => _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
    /// <param name="source">Where tokens come from.</param>
    /// <param name="innerHandler">The next handler.</param>
    public BearerTokenHandler(BearerTokenSource source, HttpMessageHandler innerHandler)
        : base(innerHandler) => _source = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Send tokens over plain http to hosts other than loopback, where anyone on the path can read them. Off unless set deliberately.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request goes over plain http to a host other than loopback and <see cref="AllowInsecureHttp"/> is not set.</exception>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, async: true, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request goes over plain http to a host other than loopback and <see cref="AllowInsecureHttp"/> is not set.</exception>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SynchronousSend.Result(SendAsync(request, async: false, cancellationToken));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (request.Headers.Authorization is not null && !(request.Options.TryGetValue(s_setHere, out bool setHere) && setHere))
        {
            return await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
        }

        if (request.RequestUri is { } uri && !AllowInsecureHttp && string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !uri.IsLoopback)
        {
            throw new InvalidOperationException(
                "Refusing to send a bearer token over plain http to '" + uri.Host + "', where it could be read on the way: use https, "
                + "or opt in with AllowInsecureHttp (ClusterConfiguration.AllowInsecureHttp or BearerTokenHandler.AllowInsecureHttp).");
        }

        if (await _source.GetRequestTokenAsync(async, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            // Credentials without a token (a client certificate from an exec plugin): the connection authenticates.
            return await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Options.Set(s_setHere, true);
        HttpResponseMessage response = await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanResend(request.Content))
        {
            return response;
        }

        string fresh = await _source.RefreshAsync(token, async, cancellationToken).ConfigureAwait(false);
        if (string.Equals(fresh, token, StringComparison.Ordinal))
        {
            // The source has nothing newer (a fixed token): the 401 stands.
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await NextAsync(request, async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inner handler's response, asynchronously or (<paramref name="async"/> false) synchronously.</summary>
    private Task<HttpResponseMessage> NextAsync(HttpRequestMessage request, bool async, CancellationToken cancellationToken) =>
        async ? base.SendAsync(request, cancellationToken) : Task.FromResult(base.Send(request, cancellationToken));

    /// <summary>Requests without a body, or with content held in memory (bytes, strings, form fields), can be sent a second time.</summary>
    private static bool CanResend(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent;
}

using System;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Where bearer tokens come from: a fixed token (<see cref="FromToken"/>), a file that rotates
/// (<see cref="FromFile"/>), a caller's provider (<see cref="FromProvider"/>) or a kubeconfig exec plugin
/// (<see cref="ExecCredentialTokenSource"/>). Sources cache what they fetch, and one refresh runs at a time
/// however many requests wait for it. <see cref="BearerTokenHandler"/> puts the token on requests.
/// </summary>
public abstract class BearerTokenSource
{
    /// <summary>A source that always returns <paramref name="token"/>.</summary>
    /// <param name="token">The token (surrounding whitespace is removed).</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException">The token is empty or holds line breaks or other control characters.</exception>
    public static BearerTokenSource FromToken(string token) => new StaticTokenSource(token);

    /// <summary>
    /// A source that reads the token from <paramref name="path"/> and reads it again once
    /// <paramref name="reloadInterval"/> has passed (and at once after a 401), as client-go does for
    /// projected service-account tokens, which the kubelet rotates about hourly. The file is read when the
    /// first request needs it.
    /// </summary>
    /// <param name="path">The token file.</param>
    /// <param name="reloadInterval">How long a read token is reused; defaults to one minute, as client-go.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <returns>The source.</returns>
    public static BearerTokenSource FromFile(string path, TimeSpan? reloadInterval = null, TimeProvider? timeProvider = null) =>
        new FileTokenSource(path, reloadInterval ?? TimeSpan.FromMinutes(1), timeProvider ?? TimeProvider.System);

    /// <summary>
    /// A source that asks <paramref name="provider"/> for every request; the provider caches as it sees fit.
    /// Its first argument is true after the server answered 401, asking for a new token; such refreshes run
    /// one at a time, and callers that waited for one use its result.
    /// </summary>
    /// <param name="provider">Returns the token.</param>
    /// <returns>The source.</returns>
    public static BearerTokenSource FromProvider(Func<bool, CancellationToken, ValueTask<string>> provider) => new ProviderTokenSource(provider);

    /// <summary>The token to send.</summary>
    /// <param name="forceRefresh">True after the server rejected the last token (401): fetch a new one if the source can.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ClusterCredentialException">The token cannot be had; the message says from where, never the token.</exception>
    public abstract ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>The token to put on a request, or null to send it without one (an exec plugin that printed only a client certificate).</summary>
    /// <param name="async">
    /// False on the synchronous path (<see cref="System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage)"/>): the returned
    /// task has completed. Sources of this library then read, wait and run synchronously; a source of the caller's, which
    /// only has <see cref="GetTokenAsync"/>, is asked on the thread pool, away from the caller's context.
    /// </param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    internal virtual async ValueTask<string?> GetRequestTokenAsync(bool async, CancellationToken cancellationToken) =>
        async
            ? await GetTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false)
            : SynchronousSend.OffContext(() => GetTokenAsync(forceRefresh: false, cancellationToken), cancellationToken);

    /// <summary>
    /// A token to replace <paramref name="rejected"/>, which the server answered with 401. Sources that cache
    /// return a newer token another request's refresh already fetched instead of fetching again, so a 401 that
    /// arrives after that refresh does not cause a second one.
    /// </summary>
    /// <param name="rejected">The token the server rejected.</param>
    /// <param name="async">False on the synchronous path, as for <see cref="GetRequestTokenAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    internal virtual async ValueTask<string> RefreshAsync(string rejected, bool async, CancellationToken cancellationToken) =>
        async
            ? await GetTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false)
            : SynchronousSend.OffContext(() => GetTokenAsync(forceRefresh: true, cancellationToken), cancellationToken);

    /// <summary>The kind of source; never the token.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => GetType().Name + " (token redacted)";
}

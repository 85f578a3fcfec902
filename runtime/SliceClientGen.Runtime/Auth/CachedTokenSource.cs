using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A source whose token is reused until a deadline. Refreshes are single flight (<see cref="SingleFlightValue{T}"/>):
/// callers that waited while another refresh ran take its token, so concurrent requests cause one file read or
/// one plugin run, and concurrent 401s cause one refresh.
/// </summary>
internal abstract class CachedTokenSource : BearerTokenSource
{
    private readonly SingleFlightValue<string> _token;

    protected CachedTokenSource(TimeProvider timeProvider) =>
        _token = new SingleFlightValue<string>((previous, forceRefresh, async, cancellationToken) => FetchAsync(previous, forceRefresh, async, cancellationToken), timeProvider);

    protected TimeProvider TimeProvider => _token.TimeProvider;

    /// <summary>How many tokens were fetched (file reads).</summary>
    internal long Refreshes => _token.Fetches;

    public sealed override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        forceRefresh ? _token.RefreshAsync(null, async: true, cancellationToken) : _token.GetAsync(async: true, cancellationToken);

    internal sealed override async ValueTask<string?> GetRequestTokenAsync(bool async, CancellationToken cancellationToken) =>
        await _token.GetAsync(async, cancellationToken).ConfigureAwait(false);

    internal sealed override ValueTask<string> RefreshAsync(string rejected, bool async, CancellationToken cancellationToken) =>
        _token.RefreshAsync(current => string.Equals(current, rejected, StringComparison.Ordinal), async, cancellationToken);

    /// <summary>Fetches a token and says until when it may be reused. Runs one at a time.</summary>
    /// <param name="previous">The token fetched last, if any.</param>
    /// <param name="forceRefresh">True after a 401.</param>
    /// <param name="async">False on the synchronous path: the fetch completes before it returns.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    protected abstract ValueTask<(string Value, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, bool async, CancellationToken cancellationToken);
}

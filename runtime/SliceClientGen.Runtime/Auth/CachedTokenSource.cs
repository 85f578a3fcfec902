using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A source whose token is reused until a deadline. Refreshes are single flight (a <see cref="SemaphoreSlim"/>):
/// callers that waited while another refresh ran take its token, so concurrent requests cause one file read or
/// one plugin run, and concurrent 401s cause one refresh.
/// </summary>
internal abstract class CachedTokenSource : BearerTokenSource
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Cached? _cached;
    private long _generation;

    protected CachedTokenSource(TimeProvider timeProvider) => TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    protected TimeProvider TimeProvider { get; }

    /// <summary>How many tokens were fetched (file reads, plugin runs).</summary>
    internal long Refreshes => Interlocked.Read(ref _generation);

    public sealed override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => GetAsync(forceRefresh, null, cancellationToken);

    internal sealed override ValueTask<string> RefreshAsync(string rejected, CancellationToken cancellationToken) => GetAsync(true, rejected, cancellationToken);

    private async ValueTask<string> GetAsync(bool forceRefresh, string? rejected, CancellationToken cancellationToken)
    {
        long seen = Interlocked.Read(ref _generation);
        if (!forceRefresh && Volatile.Read(ref _cached) is { } cached && cached.IsValidAt(TimeProvider.GetUtcNow()))
        {
            return cached.Token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Cached? current = Volatile.Read(ref _cached);
            bool valid = current is not null && current.IsValidAt(TimeProvider.GetUtcNow());

            // Fresh enough, or another caller refreshed while this one waited or since the rejected token was sent (after a 401): use it.
            if (valid && (!forceRefresh || Interlocked.Read(ref _generation) != seen || (rejected is not null && !string.Equals(current!.Token, rejected, StringComparison.Ordinal))))
            {
                return current!.Token;
            }

            (string token, DateTimeOffset validUntil) = await FetchAsync(current?.Token, forceRefresh, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _cached, new Cached(token, validUntil));
            Interlocked.Increment(ref _generation);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Fetches a token and says until when it may be reused. Runs one at a time.</summary>
    /// <param name="previous">The token fetched last, if any.</param>
    /// <param name="forceRefresh">True after a 401.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    protected abstract ValueTask<(string Token, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>One fetched token, replaced whole so readers without the lock never see half an update.</summary>
    private sealed class Cached
    {
        public Cached(string token, DateTimeOffset validUntil)
        {
            Token = token;
            ValidUntil = validUntil;
        }

        public string Token { get; }

        public DateTimeOffset ValidUntil { get; }

        public bool IsValidAt(DateTimeOffset now) => now < ValidUntil;
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>A source whose token stays valid until a deadline; one refresh at a time (single flight).</summary>
internal abstract class CachedTokenSource : BearerTokenSource
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _token;
    private DateTimeOffset _validUntil = DateTimeOffset.MinValue;
    private long _generation;

    protected CachedTokenSource(TimeProvider timeProvider) => TimeProvider = timeProvider;

    protected TimeProvider TimeProvider { get; }

    /// <summary>How many times a token was fetched.</summary>
    internal long Refreshes => Interlocked.Read(ref _generation);

    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        long seen = Interlocked.Read(ref _generation);
        if (!forceRefresh && _token is { } cached && TimeProvider.GetUtcNow() < _validUntil)
        {
            return cached;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller refreshed while this one waited: use its result.
            if (_token is { } fresh && Interlocked.Read(ref _generation) != seen && TimeProvider.GetUtcNow() < _validUntil)
            {
                return fresh;
            }

            if (!forceRefresh && _token is { } still && TimeProvider.GetUtcNow() < _validUntil)
            {
                return still;
            }

            (string token, DateTimeOffset validUntil) = await FetchAsync(_token, forceRefresh, cancellationToken).ConfigureAwait(false);
            _token = token;
            _validUntil = validUntil;
            Interlocked.Increment(ref _generation);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Fetches a token and says until when it may be reused.</summary>
    protected abstract ValueTask<(string Token, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, CancellationToken cancellationToken);
}

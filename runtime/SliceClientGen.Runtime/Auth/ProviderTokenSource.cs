using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A caller's provider, asked for every request. Forced refreshes (after a 401) are single flight: callers
/// that waited while another forced refresh ran take its token instead of asking again.
/// </summary>
internal sealed class ProviderTokenSource : BearerTokenSource
{
    private readonly Func<bool, CancellationToken, ValueTask<string>> _provider;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private long _generation;
    private string? _refreshed;

    public ProviderTokenSource(Func<bool, CancellationToken, ValueTask<string>> provider) =>
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));

    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!forceRefresh)
        {
            return await CallAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        }

        long seen = Interlocked.Read(ref _generation);
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _generation) != seen && Volatile.Read(ref _refreshed) is { } fresh)
            {
                return fresh;
            }

            string token = await CallAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _refreshed, token);
            Interlocked.Increment(ref _generation);
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async ValueTask<string> CallAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        string token = await _provider(forceRefresh, cancellationToken).ConfigureAwait(false);
        return BearerTokenText.Check(token, "the token provider") is { } error ? throw new ClusterCredentialException(error) : token.Trim();
    }

    public override string ToString() => "token provider (token redacted)";
}

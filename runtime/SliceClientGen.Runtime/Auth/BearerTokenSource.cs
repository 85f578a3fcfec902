using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Where bearer tokens come from: a fixed token, a file that rotates, a caller's provider or a kubeconfig
/// exec plugin. Sources cache what they fetch; one refresh runs at a time however many requests wait.
/// </summary>
public abstract class BearerTokenSource
{
    /// <summary>A source that always returns <paramref name="token"/>.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The source.</returns>
    public static BearerTokenSource FromToken(string token) => new StaticTokenSource(token);

    /// <summary>A source that reads the token from <paramref name="path"/> and re-reads it when it changes.</summary>
    /// <param name="path">The token file (a projected service-account token rotates about hourly).</param>
    /// <param name="reloadInterval">How often the file is checked; defaults to one minute, as client-go.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <returns>The source.</returns>
    public static BearerTokenSource FromFile(string path, TimeSpan? reloadInterval = null, TimeProvider? timeProvider = null) =>
        new FileTokenSource(path, reloadInterval ?? TimeSpan.FromMinutes(1), timeProvider ?? TimeProvider.System);

    /// <summary>A source that asks <paramref name="provider"/> for every request (the provider caches as it sees fit).</summary>
    /// <param name="provider">Returns the token; its argument is true after a 401, asking for a fresh one.</param>
    /// <returns>The source.</returns>
    public static BearerTokenSource FromProvider(Func<bool, CancellationToken, ValueTask<string>> provider) => new ProviderTokenSource(provider);

    /// <summary>The current token.</summary>
    /// <param name="forceRefresh">True after the server rejected the last token (401): fetch a new one if the source can.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The token.</returns>
    public abstract ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>Never shows the token.</summary>
    /// <returns>The kind of source.</returns>
    public override string ToString() => GetType().Name + " (token redacted)";
}

internal sealed class StaticTokenSource : BearerTokenSource
{
    private readonly string _token;

    public StaticTokenSource(string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The bearer token is empty.", nameof(token));
        }

        _token = token.Trim();
    }

    public override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => new(_token);
}

internal sealed class ProviderTokenSource : BearerTokenSource
{
    private readonly Func<bool, CancellationToken, ValueTask<string>> _provider;

    public ProviderTokenSource(Func<bool, CancellationToken, ValueTask<string>> provider) =>
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));

    public override async ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        string token = await _provider(forceRefresh, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(token)
            ? throw new InvalidOperationException("The bearer token provider returned an empty token.")
            : token.Trim();
    }
}

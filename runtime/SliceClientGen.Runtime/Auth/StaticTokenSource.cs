using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>A fixed token (kubeconfig <c>token</c>). A 401 cannot be cured by refreshing it.</summary>
internal sealed class StaticTokenSource : BearerTokenSource
{
    private readonly string _token;

    public StaticTokenSource(string token)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        _token = BearerTokenText.Check(token, "the caller") is { } error ? throw new ArgumentException(error, nameof(token)) : token.Trim();
    }

    public override ValueTask<string> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => new(_token);

    internal override ValueTask<string?> GetRequestTokenAsync(bool async, CancellationToken cancellationToken) => new(_token);

    internal override ValueTask<string> RefreshAsync(string rejected, bool async, CancellationToken cancellationToken) => new(_token);

    public override string ToString() => "static token (redacted)";
}

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A token file read again once the interval has passed (and at once after a 401), as client-go does for
/// projected service-account tokens. A read that fails while a token is cached (the file caught mid-rotation)
/// keeps the cached token and tries again at the next request; only a failed first read or a failed read
/// after a 401 throws.
/// </summary>
internal sealed class FileTokenSource : CachedTokenSource
{
    private readonly string _path;
    private readonly TimeSpan _reloadInterval;
    private readonly Func<string, CancellationToken, Task<string>>? _read;

    public FileTokenSource(string path, TimeSpan reloadInterval, TimeProvider timeProvider, Func<string, CancellationToken, Task<string>>? read = null)
        : base(timeProvider)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        if (reloadInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(reloadInterval), "The token file reload interval must not be negative.");
        }

        _reloadInterval = reloadInterval;
        _read = read;
    }

    protected override async ValueTask<(string Value, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, bool async, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = _read is not null ? await _read(_path, cancellationToken).ConfigureAwait(false)
                : async ? await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)
                : File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (previous is not null && !forceRefresh)
            {
                return (previous, TimeProvider.GetUtcNow());
            }

            throw new ClusterCredentialException("The bearer token file '" + _path + "' cannot be read: " + e.Message, e);
        }

        if (BearerTokenText.Check(text, "the file '" + _path + "'") is { } error)
        {
            if (previous is not null && !forceRefresh)
            {
                return (previous, TimeProvider.GetUtcNow());
            }

            throw new ClusterCredentialException(error);
        }

        return (text.Trim(), TimeProvider.GetUtcNow() + _reloadInterval);
    }

    public override string ToString() => "token file '" + _path + "' (token redacted)";
}

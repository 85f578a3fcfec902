using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>A token file re-read at most once per interval (and at once after a 401), as client-go does for projected tokens.</summary>
internal sealed class FileTokenSource : CachedTokenSource
{
    private readonly string _path;
    private readonly TimeSpan _reloadInterval;

    public FileTokenSource(string path, TimeSpan reloadInterval, TimeProvider timeProvider)
        : base(timeProvider)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _reloadInterval = reloadInterval;
    }

    protected override async ValueTask<(string Token, DateTimeOffset ValidUntil)> FetchAsync(string? previous, bool forceRefresh, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException("The bearer token file '" + _path + "' cannot be read: " + e.Message, e);
        }

        string token = text.Trim();
        if (token.Length == 0)
        {
            throw new InvalidOperationException("The bearer token file '" + _path + "' is empty.");
        }

        return (token, TimeProvider.GetUtcNow() + _reloadInterval);
    }

    public override string ToString() => "token file " + _path;
}

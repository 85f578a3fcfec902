using System;
using System.Threading;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing;

/// <summary>
/// Faults a test can inject into a running <see cref="KubeApiServer"/>: dropped watches, slow responses, failing
/// requests and compacted history. Changes apply to requests that start afterwards.
/// </summary>
public sealed class ServerFaults
{
    private readonly Func<ResourceStore> _store;
    private int _dropWatchAfterEvents = -1;
    private long _responseDelayTicks;
    private int _failNextRequests;
    private int _failStatusCode = 503;

    internal ServerFaults(Func<ResourceStore> store) => _store = store;

    /// <summary>
    /// When set, each watch started afterwards loses its connection (an abort, no clean end of stream) after this many
    /// events (bookmarks not counted). <see langword="null"/> (the default) never drops.
    /// </summary>
    public int? DropWatchAfterEvents
    {
        get => Volatile.Read(ref _dropWatchAfterEvents) is var n && n >= 0 ? n : null;
        set => Volatile.Write(ref _dropWatchAfterEvents, value is { } n ? (n >= 0 ? n : throw new ArgumentOutOfRangeException(nameof(value))) : -1);
    }

    /// <summary>A delay before every response (watch streams included) starts. Default zero.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _responseDelayTicks));
        set => Volatile.Write(ref _responseDelayTicks, value >= TimeSpan.Zero ? value.Ticks : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> API requests fail with <paramref name="statusCode"/> and a Status body
    /// (503 and 429 also carry <c>Retry-After: 1</c>).
    /// </summary>
    public void FailNextRequests(int count, int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An error status code (4xx or 5xx) is expected.");
        }

        Volatile.Write(ref _failStatusCode, statusCode);
        Volatile.Write(ref _failNextRequests, count);
    }

    /// <summary>
    /// Compacts the write history up to the current resource version, as etcd compaction does: continue tokens and
    /// watches from older resource versions get 410 Expired from now on.
    /// </summary>
    /// <returns>The resource version compacted up to.</returns>
    public long CompactHistory() => _store().Compact();

    internal bool TryTakeFailure(out int statusCode)
    {
        statusCode = Volatile.Read(ref _failStatusCode);
        while (true)
        {
            int remaining = Volatile.Read(ref _failNextRequests);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failNextRequests, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}

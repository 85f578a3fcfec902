using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Testing.Storage;

namespace SliceClientGen.Testing;

/// <summary>
/// Faults a test can inject into a running <see cref="KubeApiServer"/>: dropped, ended, stalled or failing watches
/// (for all watches or scripted per watch), bookmarks on demand, slow responses, failing requests and compacted history.
/// Changes apply to requests that start afterwards.
/// </summary>
public sealed class ServerFaults
{
    private readonly Func<ResourceStore> _store;
    private int _dropWatchAfterEvents = -1;
    private long _responseDelayTicks;
    private int _failNextRequests;
    private int _failStatusCode = 503;
    private readonly ConcurrentQueue<WatchFault> _watchPlans = new();
    private readonly object _bookmarkGate = new();
    private TaskCompletionSource _bookmarkSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bookmarkRequests;

    internal ServerFaults(Func<ResourceStore> store) => _store = store;

    /// <summary>
    /// Queues a scripted fault for one watch: the next watch request that starts (in arrival order) takes it. Several
    /// plans apply to successive watches; watches that start when none is queued behave normally.
    /// </summary>
    public void PlanWatch(WatchFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _watchPlans.Enqueue(fault);
    }

    /// <summary>
    /// Sends a <c>BOOKMARK</c> now to every open watch that asked for bookmarks (<c>allowWatchBookmarks=true</c>) and has
    /// nothing queued, instead of waiting for <see cref="KubeApiServerOptions.BookmarkInterval"/>.
    /// </summary>
    /// <returns>The current resource version, which those bookmarks carry.</returns>
    public long SendBookmarks()
    {
        long revision = _store().Revision;
        TaskCompletionSource signal;
        lock (_bookmarkGate)
        {
            _bookmarkRequests++;
            signal = _bookmarkSignal;
            _bookmarkSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        return revision;
    }

    /// <summary>How many times bookmarks were asked for, and a task that completes at the next request.</summary>
    internal (long Count, Task Next) BookmarkRequests
    {
        get
        {
            lock (_bookmarkGate)
            {
                return (_bookmarkRequests, _bookmarkSignal.Task);
            }
        }
    }

    internal WatchFault? TakeWatchPlan() => _watchPlans.TryDequeue(out WatchFault? plan) ? plan : null;

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

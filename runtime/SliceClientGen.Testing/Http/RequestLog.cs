using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace SliceClientGen.Testing.Http;

/// <summary>The most recent API requests, oldest first; bounded so a long-running server does not grow.</summary>
internal sealed class RequestLog
{
    /// <summary>How many requests are kept.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<ServerRequest> _requests = new();
    private long _next;

    public long Next() => Interlocked.Increment(ref _next) - 1;

    public void Add(ServerRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > Capacity && _requests.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<ServerRequest> Snapshot() => _requests.ToArray();
}

using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;

namespace SliceClientGen.Testing.Storage;

/// <summary>
/// A live watch's queue of writes, fed by the store under its lock (so no write is missed or reordered). The queue is
/// bounded: a client that reads slower than the writes come has its watch ended once <c>limit</c> writes wait (as the
/// API server closes unresponsive watchers); what was queued is still sent, so the client resumes from the last
/// resourceVersion it saw without a gap.
/// </summary>
internal sealed class Watcher
{
    private readonly Channel<WatchRecord> _channel = Channel.CreateUnbounded<WatchRecord>();
    private readonly int _limit;
    private int _queued;

    public Watcher(int limit) => _limit = limit;

    public ChannelReader<WatchRecord> Reader => _channel.Reader;

    /// <summary>Whether the watch was ended because its queue was full.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The writes waiting to be sent.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public void Publish(WatchRecord record)
    {
        if (Overflowed)
        {
            return;
        }

        if (Interlocked.Increment(ref _queued) > _limit)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return;
        }

        _channel.Writer.TryWrite(record);
    }

    /// <summary>Takes the next queued write, if any.</summary>
    public bool TryRead([NotNullWhen(true)] out WatchRecord? record)
    {
        if (_channel.Reader.TryRead(out record))
        {
            Interlocked.Decrement(ref _queued);
            return true;
        }

        return false;
    }

    public void Complete() => _channel.Writer.TryComplete();
}

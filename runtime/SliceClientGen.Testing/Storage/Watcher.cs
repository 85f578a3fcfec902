using System.Threading.Channels;

namespace SliceClientGen.Testing.Storage;

/// <summary>A live watch's queue of writes, fed by the store under its lock (so no write is missed or reordered).</summary>
internal sealed class Watcher
{
    private readonly Channel<WatchRecord> _channel = Channel.CreateUnbounded<WatchRecord>();

    public ChannelReader<WatchRecord> Reader => _channel.Reader;

    public void Publish(WatchRecord record) => _channel.Writer.TryWrite(record);

    public void Complete() => _channel.Writer.TryComplete();
}

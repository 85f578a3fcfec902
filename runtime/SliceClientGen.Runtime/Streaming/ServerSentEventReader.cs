using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// Reads <c>text/event-stream</c> items: each dispatched event's data is one item (parsed as JSON, or kept as
/// text), an event whose data is an end sentinel (<c>[DONE]</c>) ends the stream, and events with blank data
/// (keep-alives) are skipped when items are JSON.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class ServerSentEventReader<T> : FrameReader<T>
{
    private readonly ServerSentEventParser _parser;
    private readonly byte[][] _sentinels;

    /// <summary>Reads one connection's body.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="read">The reader of one event's data; null keeps it as text.</param>
    /// <param name="describe">The request, for messages.</param>
    /// <param name="options">End sentinels and limits.</param>
    /// <param name="lastEventId">The last event ID an earlier connection of the stream ended with (events carry it until an <c>id:</c> changes it).</param>
    /// <param name="retry">The reconnection time an earlier connection asked for.</param>
    public ServerSentEventReader(Stream stream, JsonContextReader<T>? read, string describe, StreamingOptions options, string? lastEventId = null, TimeSpan? retry = null)
        : base(stream, read, describe, options)
    {
        _parser = new ServerSentEventParser(options.MaxFrameBytes, lastEventId, retry);
        _sentinels = new byte[options.EndSentinels.Count][];
        int i = 0;
        foreach (string sentinel in options.EndSentinels)
        {
            _sentinels[i++] = Encoding.UTF8.GetBytes(sentinel);
        }
    }

    public override string FrameName => "server-sent event";

    public override long FramesRead => _parser.Dispatched;

    /// <summary>The last event ID so far: what a reconnection sends as <c>Last-Event-ID</c>.</summary>
    public string? LastEventId => _parser.LastEventId;

    /// <summary>The reconnection time the server asked for with <c>retry:</c> (on this connection or an earlier one), if any.</summary>
    public TimeSpan? Retry => _parser.Retry;

    /// <summary>Whether the stream ended with an end sentinel (the server said it is done: no reconnection).</summary>
    public bool EndedBySentinel { get; private set; }

    public override async ValueTask<ServerSentEvent<T>?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await Pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            Step step = Next(ref buffer, out ServerSentEvent<T> item);
            if (step != Step.NeedMore)
            {
                Pipe.AdvanceTo(buffer.Start);
                return step == Step.Item ? item : null;
            }

            if (result.IsCompleted)
            {
                // The standard discards an event the stream ends in the middle of (before its empty line).
                Pipe.AdvanceTo(buffer.End);
                _parser.DiscardPending();
                return null;
            }

            Pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private enum Step
    {
        NeedMore,
        Item,
        End,
    }

    private Step Next(ref ReadOnlySequence<byte> buffer, out ServerSentEvent<T> item)
    {
        item = default;
        while (_parser.TryReadEvent(ref buffer, out string eventType, out ReadOnlyMemory<byte> memory))
        {
            ReadOnlySpan<byte> data = memory.Span;
            if (IsSentinel(data))
            {
                EndedBySentinel = true;
                return Step.End;
            }

            T value;
            if (IsText)
            {
                value = (T)(object)Encoding.UTF8.GetString(data);
            }
            else if (data.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            {
                // A keep-alive: an event without a payload.
                continue;
            }
            else
            {
                value = Parse(new ReadOnlySequence<byte>(memory), _parser.Dispatched);
            }

            item = new ServerSentEvent<T>(eventType, value, _parser.LastEventId, _parser.Retry);
            return Step.Item;
        }

        return Step.NeedMore;
    }

    private bool IsSentinel(ReadOnlySpan<byte> data)
    {
        foreach (byte[] sentinel in _sentinels)
        {
            if (data.SequenceEqual(sentinel))
            {
                return true;
            }
        }

        return false;
    }
}

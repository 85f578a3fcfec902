using System;
using System.Buffers;
using System.IO;
using System.Text;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// The event-stream interpretation of the HTML Living Standard (§9.2.6) over bytes as they arrive: lines end
/// with CRLF, LF or CR (also when the CR and LF arrive in different reads), <c>data:</c> lines are joined with
/// LF, <c>event:</c>, <c>id:</c> (without NUL) and <c>retry:</c> (digits only) are kept, lines starting with
/// a colon are comments (keep-alives), unknown fields are ignored, an empty line dispatches the event and an
/// event without data is not dispatched. Lines are cut at ASCII bytes only, so a chunk boundary inside a
/// UTF-8 sequence never matters; data stays bytes until the item is parsed.
/// </summary>
internal sealed class ServerSentEventParser
{
    private const string DefaultEventType = "message";

    private readonly int _maxEventBytes;
    private byte[] _data = new byte[256];
    private int _dataLength;
    private bool _hasData;
    private bool _skipLineFeed;
    private bool _started;
    private string? _eventType;
    private byte[]? _lastEventTypeBytes;
    private string? _lastEventType;
    private string? _idBuffer;

    /// <summary>Starts a stream's interpretation.</summary>
    /// <param name="maxEventBytes">The longest line or event data accepted.</param>
    /// <param name="lastEventId">The last event ID of an earlier connection of the same stream (a reconnection carries it over), or null.</param>
    /// <param name="retry">The reconnection time an earlier connection asked for, or null.</param>
    public ServerSentEventParser(int maxEventBytes, string? lastEventId = null, TimeSpan? retry = null)
    {
        _maxEventBytes = maxEventBytes;
        _idBuffer = lastEventId;
        LastEventId = lastEventId;
        Retry = retry;
    }

    /// <summary>
    /// The last event ID: the <c>id:</c> field as of the last empty line (it carries over to later events, as the
    /// standard says); what a reconnection sends as <c>Last-Event-ID</c>. An <c>id:</c> line of an event the stream
    /// ended in the middle of does not count.
    /// </summary>
    public string? LastEventId { get; private set; }

    /// <summary>The reconnection time the server asked for with <c>retry:</c>, if any.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>The number of events dispatched so far.</summary>
    public long Dispatched { get; private set; }

    /// <summary>
    /// Interprets the complete lines at the start of <paramref name="buffer"/> until one dispatches an event.
    /// <paramref name="buffer"/> is left at the first byte not interpreted.
    /// </summary>
    /// <param name="buffer">The bytes received and not yet interpreted.</param>
    /// <param name="eventType">The dispatched event's type (<c>message</c> unless it named one).</param>
    /// <param name="data">The dispatched event's data, its lines joined with LF; valid until the next call.</param>
    /// <returns>Whether an event was dispatched.</returns>
    /// <exception cref="InvalidDataException">A line or an event's data is longer than the limit.</exception>
    public bool TryReadEvent(ref ReadOnlySequence<byte> buffer, out string eventType, out ReadOnlyMemory<byte> data)
    {
        eventType = DefaultEventType;
        data = default;
        if (!_started && !SkipByteOrderMark(ref buffer))
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        try
        {
            while (true)
            {
                if (_skipLineFeed)
                {
                    // The previous line ended with a CR at the end of a read: a LF that follows belongs to it.
                    if (reader.End)
                    {
                        return false;
                    }

                    _skipLineFeed = false;
                    reader.IsNext((byte)'\n', advancePast: true);
                }

                if (!reader.TryReadToAny(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: false))
                {
                    if (reader.Remaining > _maxEventBytes)
                    {
                        throw new InvalidDataException("server-sent event #" + (Dispatched + 1) + " has a line longer than " + _maxEventBytes + " bytes (StreamingOptions.MaxFrameBytes).");
                    }

                    return false;
                }

                reader.TryRead(out byte terminator);
                if (terminator == (byte)'\r')
                {
                    _skipLineFeed = true;
                }

                if (Interpret(line))
                {
                    eventType = _eventType ?? DefaultEventType;
                    data = _data.AsMemory(0, Math.Max(0, _dataLength - 1));
                    _eventType = null;
                    _hasData = false;
                    _dataLength = 0;
                    Dispatched++;
                    return true;
                }
            }
        }
        finally
        {
            buffer = buffer.Slice(reader.Position);
        }
    }

    /// <summary>Forgets the event under way (the stream ended: the standard discards an event without its empty line).</summary>
    public bool DiscardPending()
    {
        bool had = _hasData;
        _hasData = false;
        _dataLength = 0;
        _eventType = null;
        return had;
    }

    private bool SkipByteOrderMark(ref ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        Span<byte> head = stackalloc byte[3];
        int length = (int)Math.Min(3, buffer.Length);
        buffer.Slice(0, length).CopyTo(head);
        if (!bom.StartsWith(head[..length]))
        {
            _started = true;
            return true;
        }

        if (length < 3)
        {
            // Could still be a byte order mark: wait for the third byte.
            return false;
        }

        buffer = buffer.Slice(3);
        _started = true;
        return true;
    }

    /// <summary>Interprets one line; true when it is the empty line that dispatches an event with data.</summary>
    private bool Interpret(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            LastEventId = _idBuffer;
            if (_hasData)
            {
                return true;
            }

            _eventType = null;
            return false;
        }

        ReadOnlySpan<byte> span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span[0] == (byte)':')
        {
            return false;
        }

        int colon = span.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? span : span[..colon];
        ReadOnlySpan<byte> value = colon < 0 ? default : span[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            AppendData(value);
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType = EventTypeOf(value);
        }
        else if (field.SequenceEqual("id"u8))
        {
            if (value.IndexOf((byte)0) < 0)
            {
                _idBuffer = Encoding.UTF8.GetString(value);
            }
        }
        else if (field.SequenceEqual("retry"u8))
        {
            if (!value.IsEmpty && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && long.TryParse(Encoding.ASCII.GetString(value), out long milliseconds))
            {
                Retry = TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        return false;
    }

    private void AppendData(ReadOnlySpan<byte> value)
    {
        int needed = _dataLength + value.Length + 1;
        if (needed > _maxEventBytes)
        {
            throw new InvalidDataException("server-sent event #" + (Dispatched + 1) + " has more than " + _maxEventBytes + " bytes of data (StreamingOptions.MaxFrameBytes).");
        }

        if (needed > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(needed, Math.Min(_maxEventBytes, _data.Length * 2)));
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        _dataLength += value.Length;
        _data[_dataLength++] = (byte)'\n';
        _hasData = true;
    }

    /// <summary>The event type as a string, the same instance while it repeats.</summary>
    private string EventTypeOf(ReadOnlySpan<byte> value)
    {
        if (_lastEventType is not null && value.SequenceEqual(_lastEventTypeBytes))
        {
            return _lastEventType;
        }

        _lastEventTypeBytes = value.ToArray();
        _lastEventType = Encoding.UTF8.GetString(value);
        return _lastEventType;
    }
}

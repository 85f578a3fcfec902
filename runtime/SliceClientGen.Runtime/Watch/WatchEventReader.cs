using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;
using SliceClientGen.Runtime.Streaming;

namespace SliceClientGen.Runtime.Watch;

/// <summary>
/// Reads watch events from one response stream as bytes arrive. Events are framed by JSON value (as
/// client-go does), not by line: a missing or extra newline changes nothing. Each byte is tokenized once to
/// find where an event ends (the tokenizer state is kept across reads), then the event is materialized once
/// by the generated reader, straight from the pooled buffer; no UTF-16 strings, no buffering of the body.
/// </summary>
internal sealed class WatchEventReader<T> : IAsyncDisposable
{
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \n\r\t"u8);

    private readonly PipeReader _pipe;
    private readonly JsonContextReader<T> _read;

    // One context for the whole stream: strings that repeat across events (namespaces, node names, label keys)
    // keep one instance. Events are read one at a time, so it is never used by two threads at once.
    private readonly JsonReadContext _context = JsonReadContext.ForStream();
    private readonly Func<T, string?>? _resourceVersionOf;
    private readonly string _describe;
    private JsonValueFramer _framer;
    private long _eventNumber;

    public WatchEventReader(Stream stream, JsonContextReader<T> read, Func<T, string?>? resourceVersionOf, string describe)
    {
        _pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _read = read;
        _resourceVersionOf = resourceVersionOf;
        _describe = describe;
    }

    /// <summary>The next event, or null when the stream ended cleanly between events.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="arrived">Called whenever bytes arrive (the idle timeout restarts), also in the middle of an event.</param>
    /// <exception cref="JsonException">The stream holds something that is not a watch event; the message names the event number.</exception>
    /// <exception cref="EndOfStreamException">The stream ended in the middle of an event.</exception>
    public async ValueTask<ParsedEvent?> ReadAsync(CancellationToken cancellationToken, Action? arrived = null)
    {
        while (true)
        {
            ReadResult result = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            arrived?.Invoke();
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool declined = false;
            if (!_framer.InValue)
            {
                switch (TryFastEvent(buffer, out ParsedEvent fast, out SequencePosition fastConsumed))
                {
                    case FastResult.Parsed:
                        _pipe.AdvanceTo(fastConsumed);
                        return fast;
                    case FastResult.Declined:
                        declined = true;
                        break;
                }
            }

            SequencePosition consumed;
            if (declined || _framer.InValue || result.IsCompleted || MayEndAnEvent(buffer))
            {
                if (TryFrame(buffer, out ReadOnlySequence<byte> frame, out consumed))
                {
                    try
                    {
                        return Parse(frame);
                    }
                    finally
                    {
                        _pipe.AdvanceTo(consumed);
                    }
                }
            }
            else
            {
                // No newline and no '}' at the end: no event can have ended yet; scan once one may have.
                consumed = buffer.GetPosition(LeadingWhitespace(buffer));
            }

            if (result.IsCompleted)
            {
                bool onlyWhitespace = IsWhitespace(buffer);
                _pipe.AdvanceTo(buffer.End);
                if (onlyWhitespace)
                {
                    return null;
                }

                throw new EndOfStreamException(_describe + ": the stream ended inside watch event #" + (_eventNumber + 1) + " (" + buffer.Length + " bytes of it arrived).");
            }

            // Everything after the whitespace is part of an incomplete event: keep it, ask for more.
            _pipe.AdvanceTo(consumed, buffer.End);
        }
    }

    /// <summary>
    /// The fast path for servers that end each event with a newline (Kubernetes does): the bytes up to the first
    /// newline are parsed as one event in a single pass, without the framing scan. Anything else (no newline yet,
    /// a pretty-printed or malformed event, two events on one line, BOOKMARK and ERROR events) is left to the
    /// framing scan, which decides exactly as without this path.
    /// </summary>
    private FastResult TryFastEvent(ReadOnlySequence<byte> buffer, out ParsedEvent parsed, out SequencePosition consumed)
    {
        parsed = default;
        consumed = default;
        ReadOnlySequence<byte> rest = buffer.Slice(LeadingWhitespace(buffer));
        if (rest.IsEmpty || rest.PositionOf((byte)'\n') is not { } newline)
        {
            return FastResult.NoNewline;
        }

        ReadOnlySequence<byte> line = rest.Slice(0, newline);
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> bytes;
            if (line.IsSingleSegment)
            {
                bytes = line.FirstSpan;
            }
            else
            {
                // One contiguous copy reads faster than a reader hopping across segments.
                rented = ArrayPool<byte>.Shared.Rent((int)line.Length);
                line.CopyTo(rented);
                bytes = rented.AsSpan(0, (int)line.Length);
            }

            if (!TryParseSinglePass(bytes, out parsed))
            {
                return FastResult.Declined;
            }
        }
        catch (JsonException)
        {
            // Malformed or not the shape expected: the framing scan reports it as before.
            return FastResult.Declined;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        _eventNumber++;
        consumed = rest.GetPosition(1, newline);
        return FastResult.Parsed;
    }

    private enum FastResult
    {
        NoNewline,
        Declined,
        Parsed,
    }

    /// <summary>
    /// Parses one event whose <c>type</c> comes before its <c>object</c> (as Kubernetes writes it), reading the
    /// object while passing over it; false for anything the general <see cref="Parse"/> must handle.
    /// </summary>
    private bool TryParseSinglePass(ReadOnlySpan<byte> bytes, out ParsedEvent parsed)
    {
        parsed = default;
        var reader = new Utf8JsonReader(bytes, isFinalBlock: true, default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        WatchEventType? type = null;
        T? value = default;
        bool hasObject = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (type is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                type = EventType(ref reader);
                if (type == WatchEventType.Error || type == WatchEventType.Bookmark)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                if (type is null || hasObject || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                value = _read(ref reader, JsonModelOptions.Default, _context);
                hasObject = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || type is not { } eventType || !hasObject)
        {
            return false;
        }

        string? resourceVersion = value is null ? null : _resourceVersionOf?.Invoke(value);
        parsed = new ParsedEvent(eventType, value, default, resourceVersion, false);
        return true;
    }

    /// <summary>The known types without allocating their names.</summary>
    private static WatchEventType EventType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("ADDED"u8) ? WatchEventType.Added
        : reader.ValueTextEquals("MODIFIED"u8) ? WatchEventType.Modified
        : reader.ValueTextEquals("DELETED"u8) ? WatchEventType.Deleted
        : reader.ValueTextEquals("BOOKMARK"u8) ? WatchEventType.Bookmark
        : reader.ValueTextEquals("ERROR"u8) ? WatchEventType.Error
        : new WatchEventType(reader.GetString()!);

    /// <summary>Whether the buffer's last non-whitespace byte is a '}': only then can an event have ended in it.</summary>
    private static bool MayEndAnEvent(ReadOnlySequence<byte> buffer)
    {
        byte last = 0;
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            ReadOnlySpan<byte> span = segment.Span;
            int index = span.LastIndexOfAnyExcept(Whitespace);
            if (index >= 0)
            {
                last = span[index];
            }
        }

        return last == (byte)'}';
    }

    /// <summary>
    /// Finds the end of the first complete JSON value, resuming the scan where the last read stopped. When
    /// the value is incomplete, <paramref name="consumed"/> is past the whitespace before it only.
    /// </summary>
    private bool TryFrame(ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out SequencePosition consumed)
    {
        frame = default;
        if (!_framer.InValue)
        {
            // The newlines between events.
            buffer = buffer.Slice(LeadingWhitespace(buffer));
        }

        consumed = buffer.Start;
        if (buffer.IsEmpty)
        {
            return false;
        }

        bool complete;
        long end;
        try
        {
            complete = _framer.TryFrame(buffer, isFinalBlock: false, out end);
        }
        catch (JsonException e)
        {
            _eventNumber++;
            throw Malformed(buffer, e);
        }

        if (!complete)
        {
            return false;
        }

        frame = buffer.Slice(0, end);
        consumed = buffer.GetPosition(end);
        return true;
    }

    private ParsedEvent Parse(ReadOnlySequence<byte> frame)
    {
        _eventNumber++;
        var reader = new Utf8JsonReader(frame, isFinalBlock: true, default);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw JsonPathException.Create("A watch event must be a JSON object, not " + reader.TokenType + ".");
            }

            string? type = null;
            bool hasObject = false;
            Utf8JsonReader start = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw JsonPathException.Create("The event's \"type\" must be a string.");
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    start = reader;
                    hasObject = true;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (type is null)
            {
                throw JsonPathException.Create("The event has no \"type\".");
            }

            if (!hasObject)
            {
                throw JsonPathException.Create("The " + type + " event has no \"object\".");
            }

            var eventType = new WatchEventType(type);
            Utf8JsonReader objectReader = start;
            if (eventType == WatchEventType.Error)
            {
                return new ParsedEvent(eventType, default, JsonElement.ParseValue(ref objectReader), null, false);
            }

            if (objectReader.TokenType != JsonTokenType.StartObject)
            {
                throw JsonPathException.Create("The " + type + " event's \"object\" must be a JSON object.");
            }

            bool initialEventsEnd = false;
            string? resourceVersion;
            if (eventType == WatchEventType.Bookmark)
            {
                Utf8JsonReader bookmarkReader = start;
                (resourceVersion, initialEventsEnd) = ReadBookmark(ref bookmarkReader);
            }
            else
            {
                resourceVersion = null;
            }

            T value = _read(ref objectReader, JsonModelOptions.Default, _context);
            resourceVersion ??= value is null ? null : _resourceVersionOf?.Invoke(value);
            return new ParsedEvent(eventType, value, default, resourceVersion, initialEventsEnd);
        }
        catch (JsonException e)
        {
            throw Malformed(frame, e);
        }
    }

    /// <summary>metadata.resourceVersion and the <c>k8s.io/initial-events-end</c> annotation of a bookmark object.</summary>
    private static (string? ResourceVersion, bool InitialEventsEnd) ReadBookmark(ref Utf8JsonReader reader)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("metadata", out JsonElement metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return (null, false);
        }

        string? resourceVersion = metadata.TryGetProperty("resourceVersion", out JsonElement rv) && rv.ValueKind == JsonValueKind.String ? rv.GetString() : null;
        bool end = metadata.TryGetProperty("annotations", out JsonElement annotations) && annotations.ValueKind == JsonValueKind.Object
            && annotations.TryGetProperty("k8s.io/initial-events-end", out JsonElement flag) && flag.ValueKind == JsonValueKind.String && flag.ValueEquals("true");
        return (resourceVersion, end);
    }

    private JsonException Malformed(ReadOnlySequence<byte> bytes, JsonException inner)
    {
        long number = Math.Max(_eventNumber, 1);
        ReadOnlySequence<byte> head = bytes.Slice(0, Math.Min(bytes.Length, 200));
        string text = Encoding.UTF8.GetString(head.ToArray()).Replace("\n", "\\n").Replace("\r", "\\r");
        return new JsonException(_describe + ": watch event #" + number + " is not a valid event: " + inner.Message + " The event starts: " + text + (bytes.Length > 200 ? "…" : string.Empty), inner);
    }

    private static long LeadingWhitespace(ReadOnlySequence<byte> buffer) => JsonValueFramer.LeadingSeparators(buffer);

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer) => LeadingWhitespace(buffer) == buffer.Length;

    public async ValueTask DisposeAsync() => await _pipe.CompleteAsync().ConfigureAwait(false);

    /// <summary>One parsed event: the object for ordinary events, the Status for ERROR.</summary>
    internal readonly record struct ParsedEvent(WatchEventType Type, T? Object, JsonElement Status, string? ResourceVersion, bool InitialEventsEnd);
}

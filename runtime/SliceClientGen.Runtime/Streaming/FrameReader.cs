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
/// Reads the items of one streamed response body as bytes arrive, from a pooled pipe: no body buffering, no
/// intermediate strings. One <see cref="JsonReadContext"/> per stream, so strings that repeat across items
/// share one instance.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class FrameReader<T> : IAsyncDisposable
{
    private readonly JsonContextReader<T>? _read;
    private readonly JsonReadContext _context = JsonReadContext.ForStream();

    protected FrameReader(Stream stream, JsonContextReader<T>? read, string describe, StreamingOptions options)
    {
        Pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: true));
        _read = read;
        Describe = describe;
        Options = options;
    }

    protected PipeReader Pipe { get; }

    protected string Describe { get; }

    protected StreamingOptions Options { get; }

    /// <summary>What one frame is called in messages ("server-sent event", "item").</summary>
    public abstract string FrameName { get; }

    /// <summary>The number of frames read completely so far.</summary>
    public abstract long FramesRead { get; }

    /// <summary>The next item, or null when the stream has ended (cleanly, or with an end sentinel).</summary>
    /// <param name="cancellationToken">Cancels the read; the connection is closed.</param>
    /// <returns>The item with its event fields (for JSON values, the event type is <c>message</c>).</returns>
    public abstract ValueTask<ServerSentEvent<T>?> ReadAsync(CancellationToken cancellationToken);

    public ValueTask DisposeAsync() => Pipe.CompleteAsync();

    /// <summary>Parses one frame's bytes as a complete item; a malformed one raises an error naming the frame.</summary>
    protected T Parse(ReadOnlySequence<byte> frame, long number)
    {
        var reader = new Utf8JsonReader(frame, isFinalBlock: true, default);
        try
        {
            if (_read is null)
            {
                throw new InvalidOperationException("A text item is read without a JSON reader.");
            }

            if (!reader.Read())
            {
                throw JsonPathException.Create("The frame is empty.");
            }

            T value = _read(ref reader, JsonModelOptions.Default, _context);
            if (reader.Read())
            {
                throw JsonPathException.Create("Unexpected " + reader.TokenType + " after the end of the JSON value at byte " + reader.TokenStartIndex + ".");
            }

            return value;
        }
        catch (JsonException e)
        {
            throw Malformed(number, e, frame);
        }
    }

    /// <summary>Whether items are the raw text of server-sent event data (no JSON reader).</summary>
    protected bool IsText => _read is null;

    protected JsonException Malformed(long number, Exception inner, ReadOnlySequence<byte> head)
    {
        int shown = (int)Math.Min(head.Length, 200);
        string text = Encoding.UTF8.GetString(head.Slice(0, shown).ToArray()).Replace("\n", "\\n").Replace("\r", "\\r");
        return new JsonException(
            Describe + ": " + FrameName + " #" + number + " is not a valid " + typeof(T).Name + ": " + inner.Message + " It starts: " + text + (head.Length > shown ? "…" : string.Empty),
            inner);
    }
}

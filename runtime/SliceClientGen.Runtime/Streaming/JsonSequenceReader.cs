using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// Reads JSON Lines (<c>application/x-ndjson</c>, <c>application/jsonl</c>) and JSON text sequences
/// (<c>application/json-seq</c>): consecutive JSON values, framed by their structure with
/// <see cref="JsonValueFramer"/> (the watch's framing), separated by whitespace, blank lines or record separators.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class JsonSequenceReader<T> : FrameReader<T>
{
    private readonly bool _recordSeparators;
    private JsonValueFramer _framer;
    private long _framesRead;

    public JsonSequenceReader(Stream stream, JsonContextReader<T> read, bool recordSeparators, string describe, StreamingOptions options)
        : base(stream, read, describe, options)
    {
        _recordSeparators = recordSeparators;
    }

    public override string FrameName => "item";

    public override long FramesRead => _framesRead;

    public override async ValueTask<ServerSentEvent<T>?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await Pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (!_framer.InValue)
            {
                buffer = buffer.Slice(JsonValueFramer.LeadingSeparators(buffer, _recordSeparators));
            }

            if (buffer.IsEmpty)
            {
                Pipe.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return null;
                }

                continue;
            }

            if (TryFrame(buffer, result.IsCompleted, out long length))
            {
                ServerSentEvent<T> item = ParseFrame(buffer.Slice(0, length));
                Pipe.AdvanceTo(buffer.GetPosition(length));
                return item;
            }

            if (buffer.Length > Options.MaxFrameBytes)
            {
                throw new InvalidDataException(Describe + ": item #" + (_framesRead + 1) + " is larger than " + Options.MaxFrameBytes + " bytes (StreamingOptions.MaxFrameBytes).");
            }

            Pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryFrame(ReadOnlySequence<byte> buffer, bool completed, out long length)
    {
        try
        {
            if (_framer.TryFrame(buffer, isFinalBlock: false, out length))
            {
                return true;
            }

            if (!completed)
            {
                return false;
            }
        }
        catch (JsonException e)
        {
            throw Malformed(_framesRead + 1, e, buffer);
        }

        // The stream ended: a number at the very end is complete now; anything else is cut off.
        try
        {
            if (_framer.TryFrame(buffer, isFinalBlock: true, out length))
            {
                return true;
            }
        }
        catch (JsonException)
        {
        }

        throw new EndOfStreamException(Describe + ": the stream ended inside item #" + (_framesRead + 1) + " (" + buffer.Length + " bytes of it arrived).");
    }

    private ServerSentEvent<T> ParseFrame(ReadOnlySequence<byte> frame)
    {
        _framesRead++;
        T value = Parse(frame, _framesRead);
        return new ServerSentEvent<T>("message", value, null, null);
    }
}

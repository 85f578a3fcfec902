using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Reads one JSON value from a response stream as bytes arrive: pooled buffers, no intermediate string,
/// parsed once with <see cref="Utf8JsonReader"/> by a generated reader.
/// </summary>
public static class JsonResponseReader
{
    /// <summary>Reads the whole stream and parses it as one <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="stream">The response body.</param>
    /// <param name="read">The generated reader.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <c>default</c> when the body is empty (only whitespace).</returns>
    /// <exception cref="JsonException">The body is not one complete JSON value of the expected shape; the message names the path.</exception>
    public static async ValueTask<(bool HasValue, T? Value)> ReadAsync<T>(Stream stream, JsonValueReader<T> read, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        PipeReader pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    (bool, T?) value = Parse(result.Buffer, read);
                    pipe.AdvanceTo(result.Buffer.End);
                    return value;
                }

                // Keep everything until the body ends: the generated readers parse one complete value.
                pipe.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Parses a complete JSON document held in <paramref name="buffer"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="buffer">The bytes.</param>
    /// <param name="read">The generated reader.</param>
    /// <returns>The value, or no value when the buffer holds only whitespace.</returns>
    public static (bool HasValue, T? Value) Parse<T>(ReadOnlySequence<byte> buffer, JsonValueReader<T> read)
    {
        if (IsWhitespace(buffer))
        {
            return (false, default);
        }

        var reader = new Utf8JsonReader(buffer, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        reader.Read();

        T value = reader.TokenType == JsonTokenType.Null ? default! : read(ref reader, JsonModelOptions.Default);
        if (reader.Read())
        {
            throw JsonPathException.Create("Unexpected " + reader.TokenType + " after the end of the JSON value at byte " + reader.TokenStartIndex + ".");
        }

        return (true, value);
    }

    private static bool IsWhitespace(ReadOnlySequence<byte> buffer)
    {
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            foreach (byte b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

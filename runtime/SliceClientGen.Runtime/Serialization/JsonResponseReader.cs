using System;
using System.Buffers;
using System.IO;
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

        // One pooled buffer that grows by doubling: the reader then parses a single span (faster than hopping
        // across pipe segments), and nothing but the result is allocated once the pool is warm.
        int size = stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, MaxInitialBuffer) : 16 * 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int count = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    return Parse(new ReadOnlySequence<byte>(buffer, 0, length), read);
                }

                length += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int MaxInitialBuffer = 64 * 1024 * 1024;

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

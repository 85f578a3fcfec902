using System.Buffers;
using System.Text.Json;

namespace SliceClientGen.Runtime.Streaming;

/// <summary>
/// Finds where one JSON value ends in bytes that arrive in pieces, tokenizing each byte once: the tokenizer's
/// state is kept between calls, so a value split across any number of reads (anywhere, also inside a UTF-8
/// sequence or a string escape) is scanned exactly once. Shared by the Kubernetes watch and the JSON Lines /
/// JSON text sequence readers; the value itself is then materialized by a generated reader.
/// </summary>
internal struct JsonValueFramer
{
    private JsonReaderState _state;
    private long _scanned;

    /// <summary>Whether a scan is under way: part of a value has arrived and been tokenized.</summary>
    public readonly bool InValue => _scanned > 0;

    /// <summary>
    /// Scans <paramref name="buffer"/>, which starts at a value's first byte (the bytes scanned by earlier calls
    /// included), for the end of that value.
    /// </summary>
    /// <param name="buffer">The value's bytes so far.</param>
    /// <param name="isFinalBlock">No more bytes will come (a number at the very end of a stream is complete).</param>
    /// <param name="length">The value's length in bytes when it is complete.</param>
    /// <returns>Whether the value is complete; when not, call again with the same start and more bytes.</returns>
    /// <exception cref="JsonException">The bytes are not JSON; the scan is reset.</exception>
    public bool TryFrame(ReadOnlySequence<byte> buffer, bool isFinalBlock, out long length)
    {
        var reader = new Utf8JsonReader(buffer.Slice(_scanned), isFinalBlock, _state);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    length = _scanned + reader.BytesConsumed;
                    Reset();
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            Reset();
            throw;
        }

        _scanned += reader.BytesConsumed;
        _state = reader.CurrentState;
        length = 0;
        return false;
    }

    /// <summary>Forgets a scan under way.</summary>
    public void Reset()
    {
        _scanned = 0;
        _state = default;
    }

    /// <summary>The number of leading bytes that separate values: JSON whitespace and, when asked, the RFC 7464 record separator (0x1E).</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="recordSeparator">Whether 0x1E counts as a separator.</param>
    /// <returns>The count.</returns>
    public static long LeadingSeparators(ReadOnlySequence<byte> buffer, bool recordSeparator = false)
    {
        long count = 0;
        foreach (System.ReadOnlyMemory<byte> segment in buffer)
        {
            foreach (byte b in segment.Span)
            {
                if (!(b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' || (recordSeparator && b == 0x1E)))
                {
                    return count;
                }

                count++;
            }
        }

        return count;
    }
}

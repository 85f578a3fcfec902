using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Reuses the string instances of values that repeat (zones, node names, namespaces, <c>"Pod"</c>, label keys and
/// values) instead of allocating one per occurrence. Each generated string property has its own instance, which
/// only keeps statistics: the strings live in one process-wide table of 8,192 slots keyed by their UTF-8 bytes
/// (short ASCII values, at most 64 bytes; anything else is read as usual), which a value enters the second time it is
/// seen, so values that never repeat do not push out those that do. A property whose values do not repeat (uids,
/// addresses, resourceVersions) notices it after a thousand values and stops looking them up for a while (doubling
/// each time), so it costs almost nothing. At most 8,192 short strings are kept alive. The strings returned are
/// equal to <see cref="Utf8JsonReader.GetString"/>'s; only their identity differs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonStringCache
{
    private const int MaxBytes = 64;
    private const int TableBits = 13;
    private const int Window = 1024;
    private const int MinBypass = 4 * 1024;
    private const int MaxBypass = 256 * 1024;

    // Slots are written and read as whole references: a race at worst loses an entry or a hit.
    private static readonly string?[] Table = new string?[1 << TableBits];

    // A tag of the last value that missed each slot: a value is admitted to the table on its second sighting.
    private static readonly uint[] Seen = new uint[1 << TableBits];

    private int _lookups;
    private int _repeats;
    private int _bypass;
    private int _nextBypass = MinBypass;

    /// <summary>One cache for the values of one property (or the keys or values of one map).</summary>
    public JsonStringCache()
    {
        Reader = ReadValue;
    }

    /// <summary><see cref="ReadValue"/> as a delegate, for list items and dictionary values.</summary>
    public JsonValueReader<string> Reader { get; }

    /// <summary>Reads a string, or null for a JSON null (as <see cref="JsonModelReader.ReadString"/>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The string.</returns>
    public string? Read(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Get(ref reader),
        JsonTokenType.Null => null,
        _ => throw JsonModelReader.Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a string that must not be null (as <see cref="JsonModelReader.ReadStringValue"/>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The string.</returns>
    public string ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Get(ref reader) : throw JsonModelReader.Unexpected(ref reader, "a string");

    /// <summary>The string of the string or property name under the reader.</summary>
    /// <param name="reader">The reader, on a string or a property name.</param>
    /// <returns>The string.</returns>
    public string Get(ref Utf8JsonReader reader)
    {
        if (_bypass > 0)
        {
            _bypass--;
            return reader.GetString()!;
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }

        ReadOnlySpan<byte> utf8 = reader.ValueSpan;
        if (utf8.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        ulong hash = Hash(utf8);
        int index = (int)(hash >> (64 - TableBits));
        string? cached = Table[index];
        int lookups = ++_lookups;
        if (cached is not null && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            _repeats++;
            if (lookups >= Window)
            {
                EndWindow();
            }

            return cached;
        }

        string value = reader.GetString()!;
        if (value.Length == utf8.Length)
        {
            // As many chars as bytes: plain ASCII, comparable byte for char. A value enters the table the second
            // time it is seen, so values that never repeat do not push out those that do.
            uint tag = (uint)hash | 1;
            if (Seen[index] == tag)
            {
                Table[index] = value;
                _repeats++;
            }
            else
            {
                Seen[index] = tag;
            }
        }

        if (lookups >= Window)
        {
            EndWindow();
        }

        return value;
    }

    private void EndWindow()
    {
        // Fewer than one value in sixteen was seen before: these values do not repeat (much), stop looking for a while.
        if (_repeats * 16 < _lookups)
        {
            _bypass = _nextBypass;
            _nextBypass = Math.Min(_nextBypass * 2, MaxBypass);
        }
        else
        {
            _nextBypass = MinBypass;
        }

        _lookups = 0;
        _repeats = 0;
    }

    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong hash = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        int i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
        {
            hash = (BitOperations.RotateLeft(hash, 23) ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice(i))) * 0xC2B2AE3D27D4EB4FUL;
        }

        if (i < utf8.Length)
        {
            ulong tail = 0;
            if (utf8.Length >= 8)
            {
                tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice(utf8.Length - 8));
            }
            else
            {
                for (int j = utf8.Length - 1; j >= i; j--)
                {
                    tail = (tail << 8) | utf8[j];
                }
            }

            hash = (BitOperations.RotateLeft(hash, 23) ^ tail) * 0xC2B2AE3D27D4EB4FUL;
        }

        // Avalanche (MurmurHash3's finalizer): every input bit reaches the top bits used as the index.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return hash;
    }
}

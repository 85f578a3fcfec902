using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Where generated writers write one model: the <see cref="Utf8JsonWriter"/> a serializer handed them, with the nested
/// objects written straight into a buffer as UTF-8 and handed to the writer as one raw value each.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="Utf8JsonWriter"/> call costs its state checks, an escaping search and a transcoding call even for a
/// three-letter ASCII string; a model is dozens of such calls. So when the writer's output is compact and escaped by the
/// default encoder (what <see cref="JsonSerializer"/> and the generated clients use), every object below the model's own
/// (its nested objects and the objects in its lists) is written here instead: names pre-encoded, strings of printable
/// ASCII that need no escaping narrowed in one vectorized pass, booleans and integers formatted in place; then the
/// object goes to the writer with <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>. The bytes are
/// the ones the writer would have produced: anything else (a string that needs escaping, a non-integer number, raw JSON,
/// a union) is written by a <see cref="Utf8JsonWriter"/> with the same options into the same buffer. The model's own
/// object, its arrays and anything under an indented writer or one with another encoder go to the writer call by call.
/// </para>
/// <para>Created by a generated converter per value it writes (<see cref="Start"/>, <see cref="Finish"/>); not thread-safe.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonModelOutput : IBufferWriter<byte>
{
    private const int DefaultMaxDepth = 1000;
    private const int InitialBuffer = 16 * 1024;

    private readonly Utf8JsonWriter _target;
    private readonly bool _buffers;
    private byte[]? _buffer;
    private int _position;

    // Objects and arrays open since Start, and the depth the current buffered object started at (-1: none).
    private int _depth;
    private int _bufferedAt = -1;

    // The value of _depth at which the writer's depth limit is reached (set when a buffered object starts).
    private int _depthLimit;

    // Whether a value or name in the buffer needs a comma before it.
    private bool _comma;

    // The writer for strings, names and numbers into the buffer (it opens nothing, so any depth limit will do).
    private Utf8JsonWriter? _fallback;

    // The writers for values that may open objects or arrays (raw JSON, unions, maps), by the depth they write at.
    private Utf8JsonWriter?[]? _nestingFallbacks;

    private JsonModelOutput(Utf8JsonWriter target)
    {
        _target = target;
        JsonWriterOptions options = target.Options;
        _buffers = !options.Indented && (options.Encoder is null || ReferenceEquals(options.Encoder, JavaScriptEncoder.Default));
    }

    /// <summary>Starts writing one value to <paramref name="writer"/>.</summary>
    /// <param name="writer">The writer the serializer handed the converter.</param>
    /// <returns>The output; call <see cref="Finish"/> when the value is written.</returns>
    public static JsonModelOutput Start(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new JsonModelOutput(writer);
    }

    /// <summary>Ends the value: returns the buffer to the pool.</summary>
    public void Finish()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Buffering => _bufferedAt >= 0;

    /// <summary>Writes the start of an object.</summary>
    public void WriteStartObject()
    {
        if (!Buffering)
        {
            if (!_buffers || _depth == 0)
            {
                _target.WriteStartObject();
                _depth++;
                return;
            }

            // A nested object: written into the buffer, then handed to the writer whole.
            _bufferedAt = _depth;
            _depthLimit = _depth + MaxDepth - _target.CurrentDepth;
            _position = 0;
            _comma = false;
        }

        Open((byte)'{');
    }

    /// <summary>Writes the end of an object.</summary>
    public void WriteEndObject()
    {
        _depth--;
        if (!Buffering)
        {
            _target.WriteEndObject();
            return;
        }

        Close((byte)'}');
        if (_depth == _bufferedAt)
        {
            _bufferedAt = -1;
            _target.WriteRawValue(_buffer.AsSpan(0, _position), skipInputValidation: true);
            _position = 0;
        }
    }

    /// <summary>Writes the start of an array.</summary>
    public void WriteStartArray()
    {
        if (!Buffering)
        {
            _target.WriteStartArray();
            _depth++;
            return;
        }

        Open((byte)'[');
    }

    /// <summary>Writes the end of an array.</summary>
    public void WriteEndArray()
    {
        _depth--;
        if (!Buffering)
        {
            _target.WriteEndArray();
            return;
        }

        Close((byte)']');
    }

    /// <summary>Writes a property name (pre-encoded).</summary>
    /// <param name="name">The encoded name.</param>
    public void WritePropertyName(JsonEncodedText name)
    {
        if (!Buffering)
        {
            _target.WritePropertyName(name);
            return;
        }

        Name(name.EncodedUtf8Bytes);
    }

    /// <summary>Writes a property name.</summary>
    /// <param name="name">The name, escaped as the writer would.</param>
    public void WritePropertyName(string name)
    {
        if (!Buffering)
        {
            _target.WritePropertyName(name);
            return;
        }

        int start = _position;
        Span<byte> span = Reserve(name.Length + 4);
        int n = Separator(span);
        span[n] = (byte)'"';
        if (TryNarrow(name, span.Slice(n + 1)))
        {
            span[n + 1 + name.Length] = (byte)'"';
            span[n + 2 + name.Length] = (byte)':';
            _position += n + 3 + name.Length;
            _comma = false;
            return;
        }

        _position = start;
        Utf8JsonWriter fallback = BeginFallback();
        fallback.WritePropertyName(name);
        EndFallback(fallback);
        _comma = false;
    }

    /// <summary>Writes a property whose value is a string, or JSON null for null.</summary>
    /// <param name="name">The encoded name.</param>
    /// <param name="value">The value.</param>
    public void WriteString(JsonEncodedText name, string? value)
    {
        if (!Buffering)
        {
            _target.WriteString(name, value);
            return;
        }

        Name(name.EncodedUtf8Bytes);
        WriteStringValue(value);
    }

    /// <summary>Writes a string value, or JSON null for null.</summary>
    /// <param name="value">The value.</param>
    public void WriteStringValue(string? value)
    {
        if (!Buffering)
        {
            _target.WriteStringValue(value);
            return;
        }

        if (value is null)
        {
            WriteNullValue();
            return;
        }

        int start = _position;
        Span<byte> span = Reserve(value.Length + 3);
        int n = Separator(span);
        span[n] = (byte)'"';
        if (TryNarrow(value, span.Slice(n + 1)))
        {
            span[n + 1 + value.Length] = (byte)'"';
            _position += n + 2 + value.Length;
            _comma = true;
            return;
        }

        // Escaping needed (or not ASCII): the writer's own escaping, into the buffer.
        _position = start;
        Utf8JsonWriter fallback = BeginFallback();
        fallback.WriteStringValue(value);
        EndFallback(fallback);
    }

    /// <summary>Writes JSON null.</summary>
    public void WriteNullValue()
    {
        if (!Buffering)
        {
            _target.WriteNullValue();
            return;
        }

        Literal("null"u8);
    }

    /// <summary>Writes a property whose value is a boolean, or JSON null for null.</summary>
    /// <param name="name">The encoded name.</param>
    /// <param name="value">The value.</param>
    public void WriteBoolean(JsonEncodedText name, bool? value)
    {
        if (!Buffering)
        {
            if (value is { } present)
            {
                _target.WriteBoolean(name, present);
            }
            else
            {
                _target.WriteNull(name);
            }

            return;
        }

        Name(name.EncodedUtf8Bytes);
        Literal(value is null ? "null"u8 : value.GetValueOrDefault() ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a property whose value is a 32-bit integer, or JSON null for null.</summary>
    /// <param name="name">The encoded name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(JsonEncodedText name, int? value) => WriteNumber(name, (long?)value);

    /// <summary>Writes a property whose value is a 64-bit integer, or JSON null for null.</summary>
    /// <param name="name">The encoded name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(JsonEncodedText name, long? value)
    {
        if (!Buffering)
        {
            if (value is { } present)
            {
                _target.WriteNumber(name, present);
            }
            else
            {
                _target.WriteNull(name);
            }

            return;
        }

        Name(name.EncodedUtf8Bytes);
        if (value is not { } number)
        {
            Literal("null"u8);
            return;
        }

        Span<byte> span = Reserve(21);
        int n = Separator(span);
        Utf8Formatter.TryFormat(number, span.Slice(n), out int written);
        _position += n + written;
        _comma = true;
    }

    /// <summary>Writes a property whose value is a number, or JSON null for null (formatted by the writer).</summary>
    /// <param name="name">The encoded name.</param>
    /// <param name="value">The value.</param>
    public void WriteNumber(JsonEncodedText name, double? value)
    {
        if (!Buffering)
        {
            if (value is { } present)
            {
                _target.WriteNumber(name, present);
            }
            else
            {
                _target.WriteNull(name);
            }

            return;
        }

        Name(name.EncodedUtf8Bytes);
        if (value is not { } number)
        {
            Literal("null"u8);
            return;
        }

        // The writer's own formatting (shortest round-trip text; an error for NaN and infinities).
        Utf8JsonWriter fallback = BeginFallback();
        fallback.WriteNumberValue(number);
        EndFallback(fallback);
    }

    /// <summary>Writes JSON text that needs no validation or escaping (a formatted timestamp, quotes included).</summary>
    internal void WriteRawValue(ReadOnlySpan<byte> json)
    {
        if (!Buffering)
        {
            _target.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        Span<byte> span = Reserve(json.Length + 1);
        int n = Separator(span);
        json.CopyTo(span.Slice(n));
        _position += n + json.Length;
        _comma = true;
    }

    /// <summary>
    /// Writes a value with a <see cref="Utf8JsonWriter"/>-based writer (unions, raw JSON, integer-or-string values, the
    /// items of lists and maps of those): the serializer's writer itself, or a writer with its options into the buffer.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value (not null).</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="write">Writes the value.</param>
    public void WriteValue<T>(T value, JsonSerializerOptions options, JsonValueWriter<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!Buffering)
        {
            write(_target, value, options);
            return;
        }

        // Nested writers each start a writer of their own at depth 0: a cycle through them must not overflow the stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        Utf8JsonWriter fallback = BeginNestingFallback(out int at, out byte saved);
        write(fallback, value, options);
        EndNestingFallback(fallback, at, saved);
        _comma = true;
    }

    /// <summary>Writes members with a <see cref="Utf8JsonWriter"/>-based writer (unknown members kept from a read).</summary>
    internal void WriteMembers<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        if (!Buffering)
        {
            write(_target, state);
            return;
        }

        int start = _position;
        Utf8JsonWriter fallback = BeginNestingFallback(out int at, out byte saved);
        write(fallback, state);
        EndNestingFallback(fallback, at, saved);
        if (fallback.BytesCommitted == 1)
        {
            // Nothing written but the writer's own array: no comma either.
            _position = start;
            return;
        }

        _comma = true;
    }

    /// <inheritdoc/>
    void IBufferWriter<byte>.Advance(int count) => _position += count;

    /// <inheritdoc/>
    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        Reserve(Math.Max(sizeHint, 256));
        return _buffer.AsMemory(_position);
    }

    /// <inheritdoc/>
    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Reserve(Math.Max(sizeHint, 256));

    /// <summary>
    /// Copies printable ASCII that the default encoder leaves as it is (no control characters, none of
    /// <c>" \ &lt; &gt; &amp; ' + `</c>, nothing past U+007E) into <paramref name="destination"/>, one byte per char;
    /// false, with the destination partly written, for anything else.
    /// </summary>
    internal static bool TryNarrow(string value, Span<byte> destination)
    {
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int length = value.Length;
        if (length >= Vector128<ushort>.Count && Vector128.IsHardwareAccelerated)
        {
            int last = length - Vector128<ushort>.Count;
            for (int i = 0; ; i += Vector128<ushort>.Count)
            {
                // The last block overlaps the one before it rather than leaving a tail.
                i = Math.Min(i, last);
                Vector128<ushort> chars = Vector128.LoadUnsafe(ref source, (nuint)i);
                if (NeedsEscaping(chars))
                {
                    return false;
                }

                Vector128.Narrow(chars, chars).GetLower().StoreUnsafe(ref target, (nuint)i);
                if (i == last)
                {
                    return true;
                }
            }
        }

        for (int i = 0; i < length; i++)
        {
            ushort c = Unsafe.Add(ref source, i);
            if (c is < 0x20 or > 0x7E or '"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`')
            {
                return false;
            }

            Unsafe.Add(ref target, i) = (byte)c;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NeedsEscaping(Vector128<ushort> chars)
    {
        Vector128<ushort> outside = Vector128.LessThan(chars, Vector128.Create((ushort)0x20))
            | Vector128.GreaterThan(chars, Vector128.Create((ushort)0x7E));
        Vector128<ushort> special = Vector128.Equals(chars, Vector128.Create((ushort)'"'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'\\'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'<'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'>'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'&'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'\''))
            | Vector128.Equals(chars, Vector128.Create((ushort)'+'))
            | Vector128.Equals(chars, Vector128.Create((ushort)'`'));
        return (outside | special) != Vector128<ushort>.Zero;
    }

    /// <summary>Opens an object or array in the buffer.</summary>
    private void Open(byte token)
    {
        if (_depth >= _depthLimit)
        {
            ThrowDepth();
        }

        Span<byte> span = Reserve(2);
        int n = Separator(span);
        span[n] = token;
        _position += n + 1;
        _comma = false;
        _depth++;
    }

    /// <summary>Closes an object or array in the buffer.</summary>
    private void Close(byte token)
    {
        Reserve(1)[0] = token;
        _position++;
        _comma = true;
    }

    private void Name(ReadOnlySpan<byte> encoded)
    {
        Span<byte> span = Reserve(encoded.Length + 4);
        int n = Separator(span);
        span[n] = (byte)'"';
        encoded.CopyTo(span.Slice(n + 1));
        n += encoded.Length + 1;
        span[n] = (byte)'"';
        span[n + 1] = (byte)':';
        _position += n + 2;
        _comma = false;
    }

    private void Literal(ReadOnlySpan<byte> literal)
    {
        Span<byte> span = Reserve(literal.Length + 1);
        int n = Separator(span);
        literal.CopyTo(span.Slice(n));
        _position += n + literal.Length;
        _comma = true;
    }

    /// <summary>Writes the comma a value or name needs at the start of <paramref name="span"/>: 1 or 0 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Separator(Span<byte> span)
    {
        if (_comma)
        {
            span[0] = (byte)',';
            return 1;
        }

        return 0;
    }

    /// <summary>The free buffer from the current position, at least <paramref name="size"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int size)
    {
        byte[]? buffer = _buffer;
        if (buffer is null || buffer.Length - _position < size)
        {
            buffer = Grow(size);
        }

        return buffer.AsSpan(_position);
    }

    private byte[] Grow(int size)
    {
        int needed = checked(_position + size);
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer is null ? InitialBuffer : _buffer.Length * 2));
        if (_buffer is { } old)
        {
            old.AsSpan(0, _position).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(old);
        }

        _buffer = larger;
        return larger;
    }

    /// <summary>The writer's depth limit.</summary>
    private int MaxDepth => _target.Options.MaxDepth > 0 ? _target.Options.MaxDepth : DefaultMaxDepth;

    /// <summary>The depth the writer would be at, in a buffered object.</summary>
    private int CurrentDepth => _depth - _depthLimit + MaxDepth;

    private void ThrowDepth()
    {
        int maxDepth = MaxDepth;
        throw new InvalidOperationException(
            $"CurrentDepth ({CurrentDepth}) is equal to or larger than the maximum allowed depth of {maxDepth}. Cannot write the next JSON object or array.");
    }

    /// <summary>A writer into the buffer at the current position, the comma already written.</summary>
    private Utf8JsonWriter BeginFallback()
    {
        if (_comma)
        {
            Reserve(1)[0] = (byte)',';
            _position++;
        }

        if (_fallback is null)
        {
            JsonWriterOptions options = _target.Options;
            _fallback = new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = options.MaxDepth, SkipValidation = true });
        }
        else
        {
            _fallback.Reset(this);
        }

        return _fallback;
    }

    private void EndFallback(Utf8JsonWriter fallback)
    {
        fallback.Flush();
        _comma = true;
    }

    /// <summary>
    /// A writer into the buffer for a value that may open objects or arrays: those must fail where they would fail on the
    /// writer, at its depth plus the buffered object's. A writer starts at depth 0, so this one has opened an array of its
    /// own (depth 1, the depth of the value) and its depth limit is what is left of the writer's, plus one. The array's
    /// byte goes over the comma, or over the byte before the value; <see cref="EndNestingFallback"/> puts it back.
    /// </summary>
    /// <param name="at">Where the array's byte went.</param>
    /// <param name="saved">The byte to put back there.</param>
    private Utf8JsonWriter BeginNestingFallback(out int at, out byte saved)
    {
        int depth = CurrentDepth;
        if (_comma)
        {
            at = _position;
            saved = (byte)',';
        }
        else
        {
            // After '{', '[' or ':': the buffered object's '{' is at 0, so there is a byte before.
            at = _position - 1;
            saved = _buffer![at];
        }

        _position = at;
        Utf8JsonWriter?[] writers = _nestingFallbacks ??= new Utf8JsonWriter?[Math.Max(8, depth + 1)];
        if (depth >= writers.Length)
        {
            Array.Resize(ref _nestingFallbacks, Math.Max(depth + 1, writers.Length * 2));
            writers = _nestingFallbacks;
        }

        Utf8JsonWriter? fallback = writers[depth];
        if (fallback is null)
        {
            JsonWriterOptions options = _target.Options;
            fallback = new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = MaxDepth - depth + 1, SkipValidation = true });
            writers[depth] = fallback;
        }
        else
        {
            fallback.Reset(this);
        }

        fallback.WriteStartArray();
        return fallback;
    }

    /// <summary>Flushes a <see cref="BeginNestingFallback"/> writer and puts back the byte its array went over.</summary>
    private void EndNestingFallback(Utf8JsonWriter fallback, int at, byte saved)
    {
        fallback.Flush();
        _buffer![at] = saved;
    }
}

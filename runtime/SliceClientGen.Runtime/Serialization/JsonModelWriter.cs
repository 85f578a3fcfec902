using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>Writing primitives for generated converters.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonModelWriter
{
    /// <summary>
    /// Asks the processor to start loading a string's characters. A read shares one string instance among the equal
    /// values it sees (a node name held by thousands of endpoints), so the instance an object refers to was often
    /// allocated thousands of objects earlier, far from it in memory; a generated writer calls this for such strings when
    /// it starts an object, so the load overlaps writing the properties before them instead of stalling the write. A hint
    /// only: nothing happens on a processor without a prefetch instruction, and a string the garbage collector moves in
    /// between is simply not prefetched.
    /// </summary>
    /// <param name="value">The string, or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(string? value)
    {
        if (Sse.IsSupported && value is not null)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in value.GetPinnableReference())));
        }
    }

    /// <summary>Writes a string item or value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteString(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Writes a boolean item or value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteBoolean(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);

    /// <summary>Writes a 32-bit integer item or value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteInt32(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>Writes a 64-bit integer item or value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteInt64(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>Writes a number item or value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteDouble(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>Writes any JSON value as it was read.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteElement(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

    /// <summary>
    /// Writes a timestamp the way Kubernetes does (RFC 3339): <c>2026-01-02T03:04:05Z</c> for UTC (never
    /// <c>+00:00</c>), fractional seconds only when present, other offsets as <c>+01:00</c>.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteDateTimeOffset(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // Written raw: the text is plain ASCII, and the default encoder would turn '+' into \u002B.
        Span<byte> json = stackalloc byte[42];
        writer.WriteRawValue(json.Slice(0, FormatJsonRfc3339(value, json)), skipInputValidation: true);
    }

    /// <summary>Writes a timestamp the way Kubernetes does (see <see cref="WriteDateTimeOffset(Utf8JsonWriter, DateTimeOffset, JsonSerializerOptions)"/>).</summary>
    /// <param name="writer">The output.</param>
    /// <param name="value">The value.</param>
    public static void WriteDateTimeOffset(JsonModelOutput writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> json = stackalloc byte[42];
        writer.WriteRawValue(json.Slice(0, FormatJsonRfc3339(value, json)));
    }

    /// <summary>The timestamp as a JSON string (quotes included) in UTF-8; returns its length.</summary>
    private static int FormatJsonRfc3339(DateTimeOffset value, Span<byte> json)
    {
        Span<char> text = stackalloc char[40];
        int length = FormatRfc3339(value, text);
        json[0] = (byte)'"';
        for (int i = 0; i < length; i++)
        {
            // Digits, separators, 'T', 'Z', '+', '-', ':', '.': ASCII.
            json[i + 1] = (byte)text[i];
        }

        json[length + 1] = (byte)'"';
        return length + 2;
    }

    /// <summary>Formats a timestamp as RFC 3339 text.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, e.g. <c>2026-01-02T03:04:05Z</c>.</returns>
    public static string FormatRfc3339(DateTimeOffset value)
    {
        Span<char> buffer = stackalloc char[40];
        return buffer.Slice(0, FormatRfc3339(value, buffer)).ToString();
    }

    /// <summary>Writes a list; null items are written as JSON null.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="list">The list.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="writeItem">Writes one non-null item.</param>
    public static void WriteList<T>(Utf8JsonWriter writer, IList<T> list, JsonSerializerOptions options, JsonValueWriter<T> writeItem)
    {
        writer.WriteStartArray();
        if (list is List<T> concrete)
        {
            // What the generated readers create: no interface call per item.
            foreach (T item in CollectionsMarshal.AsSpan(concrete))
            {
                if (item is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writeItem(writer, item, options);
                }
            }
        }
        else
        {
            for (int i = 0; i < list.Count; i++)
            {
                T item = list[i];
                if (item is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writeItem(writer, item, options);
                }
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a list of strings; null items are written as JSON null.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="list">The list.</param>
    public static void WriteStringList(Utf8JsonWriter writer, IList<string> list)
    {
        // An array at the top of an output: every call goes to the writer.
        JsonModelOutput output = JsonModelOutput.Start(writer);
        WriteStringList(output, list);
        output.Finish();
    }

    /// <summary>Writes a list of strings; null items are written as JSON null.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="list">The list.</param>
    public static void WriteStringList(JsonModelOutput writer, IList<string> list)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        if (list is List<string> concrete)
        {
            // What the generated readers create: no interface call per item.
            foreach (string item in CollectionsMarshal.AsSpan(concrete))
            {
                writer.WriteStringValue(item);
            }
        }
        else
        {
            for (int i = 0; i < list.Count; i++)
            {
                writer.WriteStringValue(list[i]);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a list; null items are written as JSON null.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="writer">The output.</param>
    /// <param name="list">The list.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="writeItem">Writes one non-null item.</param>
    public static void WriteList<T>(JsonModelOutput writer, IList<T> list, JsonSerializerOptions options, JsonValueWriter<T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(list);
        writer.WriteStartArray();
        for (int i = 0; i < list.Count; i++)
        {
            T item = list[i];
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteValue(item, options, writeItem);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a dictionary as a JSON object; null values are written as JSON null.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The output.</param>
    /// <param name="dictionary">The dictionary.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="writeValue">Writes one non-null value.</param>
    public static void WriteDictionary<T>(JsonModelOutput writer, IDictionary<string, T> dictionary, JsonSerializerOptions options, JsonValueWriter<T> writeValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dictionary);
        writer.WriteStartObject();
        foreach (KeyValuePair<string, T> entry in dictionary)
        {
            writer.WritePropertyName(entry.Key);
            if (entry.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteValue(entry.Value, options, writeValue);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a dictionary of strings as a JSON object (labels, annotations); null values are written as JSON null.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="dictionary">The dictionary.</param>
    public static void WriteStringDictionary(JsonModelOutput writer, IDictionary<string, string> dictionary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dictionary);
        writer.WriteStartObject();
        if (dictionary is Dictionary<string, string> concrete)
        {
            // What the generated readers create: the struct enumerator, no boxed one per dictionary.
            foreach (KeyValuePair<string, string> entry in concrete)
            {
                writer.WritePropertyName(entry.Key);
                writer.WriteStringValue(entry.Value);
            }
        }
        else
        {
            foreach (KeyValuePair<string, string> entry in dictionary)
            {
                writer.WritePropertyName(entry.Key);
                writer.WriteStringValue(entry.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a dictionary as a JSON object; null values are written as JSON null.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="dictionary">The dictionary.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="writeValue">Writes one non-null value.</param>
    public static void WriteDictionary<T>(Utf8JsonWriter writer, IDictionary<string, T> dictionary, JsonSerializerOptions options, JsonValueWriter<T> writeValue)
    {
        writer.WriteStartObject();
        if (dictionary is Dictionary<string, T> concrete)
        {
            // What the generated readers create: the struct enumerator, no boxed one per dictionary.
            foreach (KeyValuePair<string, T> entry in concrete)
            {
                WriteEntry(writer, entry, options, writeValue);
            }
        }
        else
        {
            foreach (KeyValuePair<string, T> entry in dictionary)
            {
                WriteEntry(writer, entry, options, writeValue);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteEntry<T>(Utf8JsonWriter writer, KeyValuePair<string, T> entry, JsonSerializerOptions options, JsonValueWriter<T> writeValue)
    {
        writer.WritePropertyName(entry.Key);
        if (entry.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writeValue(writer, entry.Value, options);
        }
    }

    private static int FormatRfc3339(DateTimeOffset value, Span<char> buffer)
    {
        DateTime clock = value.DateTime;
        clock.TryFormat(buffer, out int length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        long fraction = clock.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            buffer[length++] = '.';
            fraction.TryFormat(buffer.Slice(length), out int digits, "D7", CultureInfo.InvariantCulture);
            length += digits;
            while (buffer[length - 1] == '0')
            {
                length--;
            }
        }

        TimeSpan offset = value.Offset;
        if (offset == TimeSpan.Zero)
        {
            buffer[length++] = 'Z';
            return length;
        }

        buffer[length++] = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        offset.TryFormat(buffer.Slice(length), out int offsetLength, "hh':'mm", CultureInfo.InvariantCulture);
        return length + offsetLength;
    }
}

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Reading primitives for generated converters. Every method checks the token it is given and raises a
/// <see cref="JsonPathException"/> that says what was expected and what was found, never an
/// InvalidOperationException or a NullReferenceException.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonModelReader
{
    /// <summary>Checks that the reader is on the start of an object.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The model being read, for the message.</param>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, "a JSON object for " + typeName);
        }
    }

    /// <summary>Advances to the next property name of the current object.</summary>
    /// <param name="reader">The reader, on the object's start or on the previous property's last token.</param>
    /// <returns>True on a property name; false on the end of the object.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw TruncatedInput();
        }

        JsonTokenType token = reader.TokenType;
        if (token == JsonTokenType.PropertyName)
        {
            return true;
        }

        return token == JsonTokenType.EndObject ? false : throw Unexpected(ref reader, "a property name or '}'");
    }

    /// <summary>Advances from a property name to its value.</summary>
    /// <param name="reader">The reader.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MoveToValue(ref Utf8JsonReader reader) => Advance(ref reader);

    /// <summary>Reads a string, or null for a JSON null.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The string.</returns>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a string that must not be null (list items, dictionary values, enum values).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The string.</returns>
    public static string ReadStringValue(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Unexpected(ref reader, "a string");

    /// <summary>Reads a string that must not be null, shared with equal strings of the same read (list items, dictionary values).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonContextReader{T}"/>.</param>
    /// <param name="context">The read's context.</param>
    /// <returns>The string.</returns>
    public static string ReadStringValue(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context) =>
        context.ReadStringValue(ref reader);

    /// <summary>Reads true or false.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The value.</returns>
    public static bool ReadBoolean(ref Utf8JsonReader reader, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected(ref reader, "true or false"),
    };

    /// <summary>Reads a 32-bit integer.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The value.</returns>
    public static int ReadInt32(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : throw Unexpected(ref reader, "a 32-bit integer");

    /// <summary>Reads a 64-bit integer.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : throw Unexpected(ref reader, "a 64-bit integer");

    /// <summary>Reads a number.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) ? value : throw Unexpected(ref reader, "a number");

    /// <summary>Reads an RFC 3339 / ISO 8601 timestamp such as <c>2026-01-02T03:04:05Z</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The value.</returns>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out DateTimeOffset value)
            ? value
            : throw Unexpected(ref reader, "an RFC 3339 timestamp such as \"2026-01-02T03:04:05Z\"");

    /// <summary>Reads any JSON value, kept as it is.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>A self-contained copy of the value.</returns>
    public static JsonElement ReadElement(ref Utf8JsonReader reader, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    /// <summary>Reads a JSON array into a list; JSON null items are kept as null for reference types.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader, on the array's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="readItem">Reads one non-null item.</param>
    /// <returns>The list.</returns>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readItem) =>
        ReadList<T, PlainItem<T>>(ref reader, options, new PlainItem<T>(readItem));

    /// <summary>Reads a JSON array into a list of items that take the read's context (strings, objects, lists, maps).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader, on the array's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="context">The read's context, passed to <paramref name="readItem"/>.</param>
    /// <param name="readItem">Reads one non-null item.</param>
    /// <returns>The list.</returns>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context, JsonContextReader<T> readItem) =>
        ReadList<T, ContextItem<T>>(ref reader, options, new ContextItem<T>(readItem, context));

    /// <summary>Reads a JSON array of strings into a list (a string list property), shared as the property's shape says.</summary>
    /// <param name="reader">The reader, on the array's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="context">The read's context.</param>
    /// <param name="property">The property.</param>
    /// <returns>The list.</returns>
    public static List<string> ReadStringList(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context, JsonPropertyShape property) =>
        ReadList<string, PropertyString>(ref reader, options, new PropertyString(context, property));

    private static List<T> ReadList<T, TRead>(ref Utf8JsonReader reader, JsonSerializerOptions options, TRead readItem)
        where TRead : struct, IItemReader<T>
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, "a JSON array");
        }

        // Items are gathered in a pooled buffer and the list is created at its final size: no growth garbage.
        T[]? pooled = null;
        int index = 0;
        try
        {
            T first;
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return new List<T>();
            }

            first = reader.TokenType == JsonTokenType.Null && default(T) is null ? default! : readItem.Read(ref reader, options);
            index++;
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return new List<T>(1) { first };
            }

            pooled = ArrayPool<T>.Shared.Rent(16);
            pooled[0] = first;
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                T item = reader.TokenType == JsonTokenType.Null && default(T) is null ? default! : readItem.Read(ref reader, options);
                if (index == pooled.Length)
                {
                    T[] larger = ArrayPool<T>.Shared.Rent(pooled.Length * 2);
                    Array.Copy(pooled, larger, index);
                    ReturnBuffer(pooled, index);
                    pooled = larger;
                }

                pooled[index++] = item;
                Advance(ref reader);
            }

            var list = new List<T>(index);
            list.AddRange(new ArraySegment<T>(pooled, 0, index));
            return list;
        }
        catch (JsonException ex)
        {
            throw JsonPathException.AtIndex(ex, index);
        }
        finally
        {
            if (pooled is not null)
            {
                ReturnBuffer(pooled, index);
            }
        }
    }

    private static void ReturnBuffer<T>(T[] buffer, int used)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(buffer, 0, Math.Min(used, buffer.Length));
        }

        ArrayPool<T>.Shared.Return(buffer);
    }

    /// <summary>Reads a JSON object of uniform values into a dictionary, keeping the wire order.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="readValue">Reads one non-null value.</param>
    /// <returns>The dictionary.</returns>
    public static Dictionary<string, T> ReadDictionary<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readValue) =>
        ReadDictionary<T, PlainItem<T>>(ref reader, options, new PlainItem<T>(readValue), null, null);

    /// <summary>Reads a JSON object of uniform values that need no context (numbers, booleans, enums) into a
    /// dictionary, keeping the wire order; keys are shared with equal strings of the same read.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="readValue">Reads one non-null value.</param>
    /// <param name="context">The read's context, for the keys.</param>
    /// <param name="property">The map property, whose shape says how its keys are shared; or null.</param>
    /// <returns>The dictionary.</returns>
    public static Dictionary<string, T> ReadDictionary<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readValue, JsonReadContext context, JsonPropertyShape? property = null) =>
        ReadDictionary<T, PlainItem<T>>(ref reader, options, new PlainItem<T>(readValue), context, property);

    /// <summary>Reads a JSON object of uniform values that take the read's context (strings, objects, lists, maps)
    /// into a dictionary, keeping the wire order; keys (label and annotation keys) are shared with equal strings of the same read.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="context">The read's context, for the keys and passed to <paramref name="readValue"/>.</param>
    /// <param name="readValue">Reads one non-null value.</param>
    /// <param name="property">The map property, whose shape says how its keys are shared; or null.</param>
    /// <returns>The dictionary.</returns>
    public static Dictionary<string, T> ReadDictionary<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context, JsonContextReader<T> readValue, JsonPropertyShape? property = null) =>
        ReadDictionary<T, ContextItem<T>>(ref reader, options, new ContextItem<T>(readValue, context), context, property);

    /// <summary>Reads a JSON object of strings (labels, annotations) into a dictionary, keeping the wire order, its keys
    /// and values shared as the property's shape says.</summary>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="options">The serializer options.</param>
    /// <param name="context">The read's context.</param>
    /// <param name="property">The map property.</param>
    /// <returns>The dictionary.</returns>
    public static Dictionary<string, string> ReadStringDictionary(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context, JsonPropertyShape property) =>
        ReadDictionary<string, PropertyString>(ref reader, options, new PropertyString(context, property), context, property);

    private static Dictionary<string, T> ReadDictionary<T, TRead>(ref Utf8JsonReader reader, JsonSerializerOptions options, TRead readValue, JsonReadContext? keys, JsonPropertyShape? property)
        where TRead : struct, IItemReader<T>
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, "a JSON object");
        }

        var dictionary = new Dictionary<string, T>(StringComparer.Ordinal);
        string? key = null;
        try
        {
            while (NextProperty(ref reader))
            {
                key = keys is null ? reader.GetString()! : property is null ? keys.GetString(ref reader) : keys.GetKey(ref reader, property);
                Advance(ref reader);
                dictionary[key] = reader.TokenType == JsonTokenType.Null && default(T) is null ? default! : readValue.Read(ref reader, options);
                key = null;
            }

            return dictionary;
        }
        catch (JsonException ex) when (key is not null)
        {
            throw JsonPathException.AtProperty(ex, key);
        }
    }

    /// <summary>Reads one item; implemented by structs so that each call is specialized, not an interface call.</summary>
    private interface IItemReader<T>
    {
        T Read(ref Utf8JsonReader reader, JsonSerializerOptions options);
    }

    private readonly struct PlainItem<T> : IItemReader<T>
    {
        private readonly JsonValueReader<T> _read;

        public PlainItem(JsonValueReader<T> read) => _read = read;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Read(ref Utf8JsonReader reader, JsonSerializerOptions options) => _read(ref reader, options);
    }

    private readonly struct PropertyString : IItemReader<string>
    {
        private readonly JsonReadContext _context;
        private readonly JsonPropertyShape _property;

        public PropertyString(JsonReadContext context, JsonPropertyShape property)
        {
            _context = context;
            _property = property;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public string Read(ref Utf8JsonReader reader, JsonSerializerOptions options) => _context.ReadStringValue(ref reader, _property);
    }

    private readonly struct ContextItem<T> : IItemReader<T>
    {
        private readonly JsonContextReader<T> _read;
        private readonly JsonReadContext _context;

        public ContextItem(JsonContextReader<T> read, JsonReadContext context)
        {
            _read = read;
            _context = context;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Read(ref Utf8JsonReader reader, JsonSerializerOptions options) => _read(ref reader, options, _context);
    }

    /// <summary>The exception for a token that is not what the schema says.</summary>
    /// <param name="reader">The reader, on the offending token.</param>
    /// <param name="expected">What the schema expects, e.g. "a string".</param>
    /// <returns>The exception to throw.</returns>
    public static JsonPathException Unexpected(ref Utf8JsonReader reader, string expected) =>
        JsonPathException.Create("Expected " + expected + " but found " + Describe(ref reader) + ".");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw TruncatedInput();
        }
    }

    private static JsonPathException TruncatedInput() =>
        JsonPathException.Create("The JSON ends in the middle of a value (truncated input).");

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "the number " + NumberText(ref reader),
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.None => "no value",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>A number token as written (JSON numbers are ASCII), cut to 32 characters.</summary>
    private static string NumberText(ref Utf8JsonReader reader)
    {
        const int MaxLength = 32;
        byte[] text = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        return text.Length <= MaxLength
            ? System.Text.Encoding.ASCII.GetString(text)
            : System.Text.Encoding.ASCII.GetString(text, 0, MaxLength) + "… (" + text.Length + " characters)";
    }
}

using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Reads and writes a generated open enum as its JSON string, for every generated enum: a listed value reads as the
/// enum's own instance of it (no string allocated), any other string is kept as it is.
/// </summary>
/// <typeparam name="T">The generated enum.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonOpenEnumConverter<T> : JsonConverter<T>
    where T : struct, IJsonOpenEnum<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader, options);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => WriteValue(writer, value, options);

    /// <summary>Reads the value at the reader's current token, which must be a JSON string.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
    /// <returns>The listed value's instance, or the string read.</returns>
    public static T ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw JsonModelReader.Unexpected(ref reader, "a string");
        }

        JsonOpenEnumValues known = T.KnownValues;
        int index = known.IndexOf(ref reader);
        return T.FromValue(index >= 0 ? known[index] : reader.GetString()!);
    }

    /// <summary>Writes the wire value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
    public static void WriteValue(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

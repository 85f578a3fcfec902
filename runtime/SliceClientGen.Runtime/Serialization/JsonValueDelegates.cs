using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>Reads one JSON value of type <typeparamref name="T"/> at the reader's current token.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="reader">The reader, positioned on the value's first token; left on its last token.</param>
/// <param name="options">The serializer options in use.</param>
/// <returns>The value.</returns>
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader, JsonSerializerOptions options);

/// <summary>
/// Reads one JSON value of type <typeparamref name="T"/> at the reader's current token, as part of a larger read
/// whose state (the strings seen so far) <paramref name="context"/> holds.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="reader">The reader, positioned on the value's first token; left on its last token.</param>
/// <param name="options">The serializer options in use.</param>
/// <param name="context">The read's context: one per response body or watch stream, never shared across threads.</param>
/// <returns>The value.</returns>
public delegate T JsonContextReader<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context);

/// <summary>Writes one JSON value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value to write.</param>
/// <param name="options">The serializer options in use.</param>
public delegate void JsonValueWriter<in T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options);

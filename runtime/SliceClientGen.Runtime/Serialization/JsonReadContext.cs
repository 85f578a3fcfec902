using System.ComponentModel;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The front of one read (one response body, one page, one watch stream): generated converters pass it down to every
/// nested object, list and map they read, and read their strings through it, so values that repeat within the read
/// (zones, node names, namespaces, <c>"Pod"</c>, label keys and values) share one string instance instead of one
/// allocation per occurrence (a recent one: in a long read a value gets a fresh instance every 65,536 strings, so an
/// object's strings stay near it in memory; not in a stream's context, <see cref="ForStream"/>), and objects read in
/// the same property order share one recorded order.
/// </summary>
/// <remarks>
/// What it keeps lives as long as the context: at most 8,192 short strings and the distinct property orders of the
/// read. Nothing is static. A context belongs to one read: it is not thread-safe and must not be shared by reads that
/// may run at the same time. Creating one is cheap (one small object; its tables are allocated on first use); the
/// runtime creates one per response body and one per watch stream (reused across its events). The strings returned
/// are equal to <see cref="Utf8JsonReader.GetString"/>'s; only their identity differs.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonReadContext
{
    private readonly JsonStringTable _strings;
    private JsonWireOrderCache? _orders;

    /// <summary>Creates the context of one read.</summary>
    public JsonReadContext()
        : this(new JsonStringTable(renewsFarStrings: true))
    {
    }

    private JsonReadContext(JsonStringTable strings)
    {
        _strings = strings;
    }

    /// <summary>
    /// The context of a stream of items (watch events, streamed frames), reused across them: a value keeps one instance
    /// for the whole stream, however long. Each item is its own object graph, which is seldom written back in the order
    /// read, and what a long stream costs is the memory of the items kept, so the instances are not renewed as one long
    /// read's are.
    /// </summary>
    internal static JsonReadContext ForStream() => new(new JsonStringTable(renewsFarStrings: false));

    /// <summary>Reads a string, or null for a JSON null (as <see cref="JsonModelReader.ReadString"/>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The string.</returns>
    public string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => _strings.GetString(ref reader),
        JsonTokenType.Null => null,
        _ => throw JsonModelReader.Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a string property's value, or null for a JSON null, as the property's shape says to share it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="property">The property.</param>
    /// <returns>The string.</returns>
    public string? ReadString(ref Utf8JsonReader reader, JsonPropertyShape property) => reader.TokenType switch
    {
        JsonTokenType.String => GetValue(ref reader, property),
        JsonTokenType.Null => null,
        _ => throw JsonModelReader.Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a string that must not be null (as <see cref="JsonModelReader.ReadStringValue(ref Utf8JsonReader, JsonSerializerOptions)"/>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The string.</returns>
    public string ReadStringValue(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? _strings.GetString(ref reader) : throw JsonModelReader.Unexpected(ref reader, "a string");

    /// <summary>Reads a string that must not be null, an item or value of <paramref name="property"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="property">The property the string belongs to.</param>
    /// <returns>The string.</returns>
    public string ReadStringValue(ref Utf8JsonReader reader, JsonPropertyShape property) =>
        reader.TokenType == JsonTokenType.String ? GetValue(ref reader, property) : throw JsonModelReader.Unexpected(ref reader, "a string");

    /// <summary>The string of the string or property name under the reader, shared with earlier equal values of this read.</summary>
    /// <param name="reader">The reader, on a string or a property name.</param>
    /// <returns>The string.</returns>
    public string GetString(ref Utf8JsonReader reader) => _strings.GetString(ref reader);

    /// <summary>A map key of <paramref name="property"/>, shared as the property's shape says.</summary>
    internal string GetKey(ref Utf8JsonReader reader, JsonPropertyShape property) =>
        property.Sharing == JsonStringSharing.Never ? reader.GetString()! : _strings.GetString(ref reader, property.KeysKey);

    /// <summary>The orders of known properties seen in this read, one instance per distinct order.</summary>
    internal JsonWireOrderCache Orders => _orders ??= new JsonWireOrderCache();

    private string GetValue(ref Utf8JsonReader reader, JsonPropertyShape property) =>
        property.Sharing == JsonStringSharing.Never ? reader.GetString()! : _strings.GetString(ref reader, property.ValuesKey);
}

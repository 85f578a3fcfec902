using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// An RFC 6902 JSON Patch (<c>application/json-patch+json</c>): operations the server applies in order, all or none.
/// Paths are RFC 6901 JSON Pointers; <see cref="Pointer"/> builds one from its segments, escaping <c>~</c> and <c>/</c>
/// (a label key such as <c>app.kubernetes.io/name</c> is one segment). Generated PATCH methods whose document declares
/// JSON Patch take one.
/// </summary>
/// <example><code>
/// var patch = new JsonPatch()
///     .Test("/metadata/resourceVersion", "42")
///     .Replace(JsonPatch.Pointer("metadata", "labels", "app.kubernetes.io/name"), "web");
/// </code></example>
public sealed class JsonPatch
{
    private readonly List<Operation> _operations = new();

    /// <summary>The number of operations.</summary>
    public int Count => _operations.Count;

    /// <summary>A JSON Pointer to the value at <paramref name="segments"/> (object member names or array indexes, unescaped); no segment points at the whole document.</summary>
    /// <param name="segments">The path's segments, as they are.</param>
    /// <returns>The pointer, such as <c>/metadata/labels/app.kubernetes.io~1name</c>.</returns>
    public static string Pointer(params string[] segments)
    {
        if (segments is null)
        {
            throw new ArgumentNullException(nameof(segments));
        }

        var builder = new StringBuilder();
        foreach (string segment in segments)
        {
            builder.Append('/').Append((segment ?? throw new ArgumentException("A JSON Pointer segment may not be null.", nameof(segments))).Replace("~", "~0").Replace("/", "~1"));
        }

        return builder.ToString();
    }

    /// <summary>Adds <paramref name="value"/> at <paramref name="path"/> (an object member is set; <c>-</c> as the last array index appends).</summary>
    /// <param name="path">A JSON Pointer.</param>
    /// <param name="value">The value; null is JSON null.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Add(string path, JsonNode? value) => Append("add", path, null, value, hasValue: true);

    /// <summary>Removes the value at <paramref name="path"/> (the server fails the patch when there is none).</summary>
    /// <param name="path">A JSON Pointer.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Remove(string path) => Append("remove", path, null, null, hasValue: false);

    /// <summary>Replaces the value at <paramref name="path"/>, which must exist.</summary>
    /// <param name="path">A JSON Pointer.</param>
    /// <param name="value">The new value; null is JSON null.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Replace(string path, JsonNode? value) => Append("replace", path, null, value, hasValue: true);

    /// <summary>Moves the value at <paramref name="from"/> to <paramref name="path"/>.</summary>
    /// <param name="from">A JSON Pointer to the value moved.</param>
    /// <param name="path">A JSON Pointer to where it goes.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Move(string from, string path) => Append("move", path, CheckPointer(from, nameof(from)), null, hasValue: false);

    /// <summary>Copies the value at <paramref name="from"/> to <paramref name="path"/>.</summary>
    /// <param name="from">A JSON Pointer to the value copied.</param>
    /// <param name="path">A JSON Pointer to where the copy goes.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Copy(string from, string path) => Append("copy", path, CheckPointer(from, nameof(from)), null, hasValue: false);

    /// <summary>Fails the whole patch unless the value at <paramref name="path"/> equals <paramref name="value"/> (a precondition).</summary>
    /// <param name="path">A JSON Pointer.</param>
    /// <param name="value">The expected value; null is JSON null.</param>
    /// <returns>This patch.</returns>
    public JsonPatch Test(string path, JsonNode? value) => Append("test", path, null, value, hasValue: true);

    /// <summary>Writes the patch: an array of operation objects.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="patch">The patch.</param>
    /// <param name="options">Unused; the shape of a generated writer.</param>
    public static void Write(Utf8JsonWriter writer, JsonPatch patch, JsonSerializerOptions options)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        if (patch is null)
        {
            throw new ArgumentNullException(nameof(patch));
        }

        writer.WriteStartArray();
        foreach (Operation operation in patch._operations)
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, operation.Op);
            if (operation.From is not null)
            {
                writer.WriteString("from"u8, operation.From);
            }

            writer.WriteString("path"u8, operation.Path);
            if (operation.HasValue)
            {
                writer.WritePropertyName("value"u8);
                if (operation.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    operation.Value.WriteTo(writer, options);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The patch as JSON text.</summary>
    /// <returns>The JSON array of operations.</returns>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, this, null!);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private JsonPatch Append(string op, string path, string? from, JsonNode? value, bool hasValue)
    {
        _operations.Add(new Operation(op, CheckPointer(path, nameof(path)), from, value?.DeepClone(), hasValue));
        return this;
    }

    private static string CheckPointer(string pointer, string argument)
    {
        if (pointer is null)
        {
            throw new ArgumentNullException(argument);
        }

        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw new ArgumentException("'" + pointer + "' is not a JSON Pointer: it must be empty or start with '/' (build one with JsonPatch.Pointer).", argument);
        }

        return pointer;
    }

    private sealed record Operation(string Op, string Path, string? From, JsonNode? Value, bool HasValue);
}

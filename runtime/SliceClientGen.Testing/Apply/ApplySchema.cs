using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.OpenApi;

namespace SliceClientGen.Testing.Apply;

/// <summary>How a list merges in server-side apply.</summary>
internal enum ListType
{
    /// <summary>Replaced whole, owned as one field (the default when the schema says nothing).</summary>
    Atomic,

    /// <summary><c>x-kubernetes-list-type: set</c>: scalar items, merged by value.</summary>
    Set,

    /// <summary><c>x-kubernetes-list-type: map</c>: object items, merged by the <c>x-kubernetes-list-map-keys</c> fields.</summary>
    Map,
}

/// <summary>
/// What server-side apply reads from the OpenAPI document: objects merge field by field (unless
/// <c>x-kubernetes-map-type: atomic</c>); lists are atomic unless <c>x-kubernetes-list-type</c> says <c>set</c> or
/// <c>map</c> (keyed by <c>x-kubernetes-list-map-keys</c>). A part the document does not describe (no document, an
/// unknown field) merges as the API server deduces it: objects field by field, lists atomic.
/// </summary>
internal sealed class ApplySchema
{
    private const int MaxReferenceHops = 64;
    private readonly JsonObject? _document;

    public ApplySchema(JsonObject? document) => _document = document;

    /// <summary>The schema of the resource's objects, or null when it has none.</summary>
    public JsonObject? Root(ApiResource resource) =>
        _document is not null && resource.SchemaReference is { } reference ? Resolve(SchemaValidator.Resolve(_document, reference)) : null;

    /// <summary>The schema of a field (a declared property, or the additionalProperties of a map).</summary>
    public JsonObject? Field(JsonObject? schema, string name) =>
        Resolve(schema?["properties"]?[name] as JsonObject) ?? Resolve(schema?["additionalProperties"] as JsonObject);

    /// <summary>Whether <paramref name="name"/> is a declared property (a struct field) rather than a map entry.</summary>
    public static bool IsDeclared(JsonObject? schema, string name) => schema?["properties"] is JsonObject properties && properties.ContainsKey(name);

    public JsonObject? Items(JsonObject? schema) => Resolve(schema?["items"] as JsonObject);

    public static bool IsAtomicObject(JsonObject? schema) => Extension(schema, "x-kubernetes-map-type") == "atomic";

    public static (ListType Type, IReadOnlyList<string> Keys) List(JsonObject? schema)
    {
        switch (Extension(schema, "x-kubernetes-list-type"))
        {
            case "set":
                return (ListType.Set, Array.Empty<string>());
            case "map":
                var keys = new List<string>();
                if (schema?["x-kubernetes-list-map-keys"] is JsonArray declared)
                {
                    foreach (JsonNode? key in declared)
                    {
                        if (key is JsonValue value && value.TryGetValue(out string? text))
                        {
                            keys.Add(text);
                        }
                    }
                }

                keys.Sort(StringComparer.Ordinal);
                return keys.Count > 0 ? (ListType.Map, keys) : (ListType.Atomic, keys);
            default:
                return (ListType.Atomic, Array.Empty<string>());
        }
    }

    /// <summary>Follows <c>$ref</c> and a lone <c>allOf</c> wrapper (how OpenAPI v3 documents of the API server refer to types with defaults).</summary>
    private JsonObject? Resolve(JsonObject? schema)
    {
        for (int hop = 0; schema is not null && hop < MaxReferenceHops; hop++)
        {
            if (schema["$ref"] is JsonValue reference && reference.TryGetValue(out string? pointer) && _document is not null)
            {
                JsonObject? target = SchemaValidator.Resolve(_document, pointer);
                if (target is null)
                {
                    return schema;
                }

                schema = target;
            }
            else if (schema["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject only && !schema.ContainsKey("properties") && !schema.ContainsKey("items"))
            {
                schema = only;
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }

    private static string? Extension(JsonObject? schema, string name) =>
        schema?[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}

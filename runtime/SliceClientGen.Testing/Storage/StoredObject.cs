using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Storage;

/// <summary>One version of one object: its serialized JSON and what selectors need, immutable once stored.</summary>
internal sealed class StoredObject
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private StoredObject(string key, string? @namespace, string name, long resourceVersion, byte[] json, IReadOnlyDictionary<string, string> labels)
    {
        Key = key;
        Namespace = @namespace;
        Name = name;
        ResourceVersion = resourceVersion;
        Json = json;
        Labels = labels;
    }

    /// <summary>The sort key: <c>namespace/name</c>, or the name for cluster-scoped objects (the order lists use).</summary>
    public string Key { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public long ResourceVersion { get; }

    /// <summary>The object as UTF-8 JSON, written to responses as it is.</summary>
    public byte[] Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public static string KeyOf(string? @namespace, string name) => @namespace is null ? name : @namespace + "/" + name;

    /// <summary>A key-only instance for lookups in sorted sets.</summary>
    public static StoredObject Probe(string key) => new(key, null, key, 0, Array.Empty<byte>(), NoLabels);

    /// <summary>Snapshots <paramref name="obj"/> (metadata already complete) into its stored form.</summary>
    public static StoredObject From(JsonObject obj, long resourceVersion)
    {
        JsonObject metadata = ObjectMeta.Of(obj);
        string name = ObjectMeta.GetString(metadata, "name") ?? throw new InvalidOperationException("metadata.name is missing.");
        string? @namespace = ObjectMeta.GetString(metadata, "namespace");
        Dictionary<string, string>? labels = null;
        if (metadata["labels"] is JsonObject labelObject)
        {
            labels = new Dictionary<string, string>(labelObject.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonNode?> label in labelObject)
            {
                labels[label.Key] = label.Value is JsonValue value && value.TryGetValue(out string? text) ? text : label.Value?.ToJsonString() ?? string.Empty;
            }
        }

        return new StoredObject(KeyOf(@namespace, name), @namespace, name, resourceVersion, Serialize(obj), labels ?? NoLabels);
    }

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public sealed class KeyComparer : IComparer<StoredObject>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(StoredObject? x, StoredObject? y) => string.CompareOrdinal(x?.Key, y?.Key);
    }
}

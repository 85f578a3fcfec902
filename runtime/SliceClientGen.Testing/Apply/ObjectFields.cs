using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.Apply;

/// <summary>
/// The field paths an object makes (what a manager owns), and which of them a write changed. As the API server's
/// structured merge: a scalar, an atomic list or object, a map entry, an empty object and a list item are paths of
/// their own; a declared object field with content is only the parent of its fields. The paths the server sets
/// itself (<c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>, uid, resourceVersion, …) are never owned.
/// </summary>
internal sealed class ObjectFields
{
    private static readonly string[] ServerSetMetadata =
        { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" };

    private readonly ApplySchema _schema;

    public ObjectFields(ApplySchema schema) => _schema = schema;

    /// <summary>
    /// The paths of <paramref name="obj"/>. <paramref name="strict"/> (an applied configuration): a set or map list with
    /// duplicate items, or a map list item without its key fields, is a 400; stored objects are read leniently.
    /// </summary>
    public FieldSet Of(JsonObject obj, JsonObject? schema, bool strict = false)
    {
        var set = new FieldSet();
        WalkObject(obj, null, schema, set, null, strict, string.Empty);
        RemoveServerSet(set);
        return set;
    }

    /// <summary>The paths of <paramref name="updated"/>, and those of them that are new or hold a different value than in <paramref name="old"/>.</summary>
    public (FieldSet Fields, FieldSet Changed) Compare(JsonObject? old, JsonObject updated, JsonObject? schema)
    {
        var set = new FieldSet();
        var changed = new FieldSet();
        WalkObject(updated, old, schema, set, changed, false, string.Empty);
        RemoveServerSet(set);
        RemoveServerSet(changed);
        return (set, changed);
    }

    /// <summary>The path element of a list item: <c>v:</c> and the value for a set, <c>k:</c> and the key fields for a map.</summary>
    public static string? ItemElement(JsonNode? item, ListType type, IReadOnlyList<string> keys, bool strict, string path)
    {
        if (type == ListType.Set)
        {
            return "v:" + (item?.ToJsonString() ?? "null");
        }

        if (item is not JsonObject obj)
        {
            return strict ? throw StatusError.BadRequest($"{path}: expected an object in an associative list, got {item?.ToJsonString() ?? "null"}") : null;
        }

        var key = new JsonObject();
        foreach (string name in keys)
        {
            if (obj[name] is { } value)
            {
                key[name] = value.DeepClone();
            }
            else if (strict)
            {
                throw StatusError.BadRequest($"{path}: associative list with keys has an element that omits key field \"{name}\" (and doesn't have default value)");
            }
        }

        return key.Count == 0 ? null : "k:" + key.ToJsonString();
    }

    private static void RemoveServerSet(FieldSet set)
    {
        foreach (string field in new[] { "f:apiVersion", "f:kind" })
        {
            if (set.Find(field) is { } node)
            {
                node.Member = false;
            }
        }

        if (set.Find("f:metadata") is { } metadata)
        {
            metadata.Member = false;
            foreach (string field in ServerSetMetadata)
            {
                if (metadata.Find("f:" + field) is { } node)
                {
                    node.Clear();
                }
            }
        }
    }

    private void WalkObject(JsonObject value, JsonObject? other, JsonObject? schema, FieldSet set, FieldSet? changed, bool strict, string path)
    {
        foreach (var (name, child) in value)
        {
            JsonNode? otherChild = null;
            bool otherHas = other is not null && other.TryGetPropertyValue(name, out otherChild);
            string element = "f:" + name;
            JsonObject? childSchema = _schema.Field(schema, name);
            FieldSet node = set.Child(element);
            FieldSet? changedNode = changed?.Child(element);
            bool leaf = WalkValue(child, otherChild, childSchema, node, changedNode, strict, path + "." + name);
            bool member = leaf || child is JsonObject { Count: 0 } || !ApplySchema.IsDeclared(schema, name);
            Mark(node, changedNode, member, leaf, otherHas, child, otherChild);
        }
    }

    /// <summary>Walks one value; true when it is a leaf (a scalar, null, or atomic), owned as a whole.</summary>
    private bool WalkValue(JsonNode? value, JsonNode? other, JsonObject? schema, FieldSet node, FieldSet? changed, bool strict, string path)
    {
        switch (value)
        {
            case JsonObject obj when !ApplySchema.IsAtomicObject(schema):
                WalkObject(obj, other as JsonObject, schema, node, changed, strict, path);
                return false;
            case JsonArray array:
                (ListType type, IReadOnlyList<string> keys) = ApplySchema.List(schema);
                if (type == ListType.Atomic)
                {
                    return true;
                }

                WalkList(array, other as JsonArray, type, keys, _schema.Items(schema), node, changed, strict, path);
                return false;
            default:
                return true;
        }
    }

    private void WalkList(JsonArray array, JsonArray? other, ListType type, IReadOnlyList<string> keys, JsonObject? itemSchema, FieldSet node, FieldSet? changed, bool strict, string path)
    {
        Dictionary<string, JsonNode?>? otherItems = null;
        if (changed is not null && other is not null)
        {
            otherItems = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (JsonNode? item in other)
            {
                if (ItemElement(item, type, keys, false, path) is { } key)
                {
                    otherItems.TryAdd(key, item);
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < array.Count; i++)
        {
            JsonNode? item = array[i];
            string itemPath = path + "[" + i + "]";
            if (ItemElement(item, type, keys, strict, itemPath) is not { } element)
            {
                continue;
            }

            if (!seen.Add(element))
            {
                if (strict)
                {
                    throw StatusError.BadRequest($"{path}: duplicate entries for key {FieldSet.Describe(element)}");
                }

                continue;
            }

            JsonNode? otherItem = null;
            bool otherHas = otherItems is not null && otherItems.TryGetValue(element, out otherItem);
            FieldSet itemNode = node.Child(element);
            FieldSet? changedItem = changed?.Child(element);
            bool leaf = type == ListType.Set || WalkValue(item, otherItem, itemSchema, itemNode, changedItem, strict, itemPath);
            Mark(itemNode, changedItem, member: true, leaf, otherHas, item, otherItem);
        }
    }

    /// <summary>Marks a path as a member, and as changed when it is new, or a leaf whose value differs.</summary>
    private static void Mark(FieldSet node, FieldSet? changed, bool member, bool leaf, bool otherHas, JsonNode? value, JsonNode? other)
    {
        if (!member)
        {
            return;
        }

        node.Member = true;
        if (changed is not null && (!otherHas || (leaf && !JsonNode.DeepEquals(value, other))))
        {
            changed.Member = true;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Apply;

/// <summary>
/// Merges an applied configuration into the live object, and removes the fields a manager stopped applying. Objects
/// merge field by field; atomic lists (and objects marked atomic) are replaced; set lists merge by value and map lists
/// by their keys, in the order the API server's structured merge produces (the applied order for shared items, live
/// items the configuration does not name kept in place).
/// </summary>
internal sealed class ApplyMerge
{
    private readonly ApplySchema _schema;

    public ApplyMerge(ApplySchema schema) => _schema = schema;

    /// <summary>Merges <paramref name="config"/> into <paramref name="target"/> (changed in place). A null in the configuration removes the field.</summary>
    public void MergeObject(JsonObject target, JsonObject config, JsonObject? schema)
    {
        foreach (var (name, value) in config)
        {
            if (value is null)
            {
                target.Remove(name);
                continue;
            }

            target.TryGetPropertyValue(name, out JsonNode? current);
            JsonNode merged = MergeValue(current, value, _schema.Field(schema, name));
            if (!ReferenceEquals(merged, current))
            {
                target[name] = merged;
            }
        }
    }

    /// <summary>
    /// Removes the member paths of <paramref name="paths"/> from <paramref name="obj"/> (fields, list items); an object or
    /// list this empties goes too.
    /// </summary>
    public void Remove(JsonObject obj, FieldSet paths, JsonObject? schema)
    {
        foreach (var (element, node) in paths.Children)
        {
            if (!element.StartsWith("f:", StringComparison.Ordinal) || !obj.TryGetPropertyValue(element[2..], out JsonNode? value))
            {
                continue;
            }

            string name = element[2..];
            if (node.Member || (node.HasChildren && RemoveUnder(value, node, _schema.Field(schema, name))))
            {
                obj.Remove(name);
            }
        }
    }

    private JsonNode MergeValue(JsonNode? current, JsonNode config, JsonObject? schema)
    {
        switch (config)
        {
            case JsonObject obj when current is JsonObject target && !ApplySchema.IsAtomicObject(schema):
                MergeObject(target, obj, schema);
                return target;
            case JsonArray list when current is JsonArray live:
                (ListType type, IReadOnlyList<string> keys) = ApplySchema.List(schema);
                if (type != ListType.Atomic)
                {
                    return MergeList(live, list, type, keys, _schema.Items(schema));
                }

                break;
        }

        return config.DeepClone();
    }

    /// <summary>The structured merge's list order: walk both lists, merging shared items where the configuration puts them.</summary>
    private JsonArray MergeList(JsonArray live, JsonArray config, ListType type, IReadOnlyList<string> keys, JsonObject? itemSchema)
    {
        List<(string? Key, JsonNode? Item)> left = Index(live, type, keys);
        List<(string? Key, JsonNode? Item)> right = Index(config, type, keys);
        var leftItems = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach ((string? key, JsonNode? item) in left)
        {
            if (key is not null)
            {
                leftItems.TryAdd(key, item);
            }
        }

        var rightKeys = new HashSet<string>(StringComparer.Ordinal);
        var shared = new Queue<string>();
        foreach ((string? key, _) in right)
        {
            if (key is not null && rightKeys.Add(key) && leftItems.ContainsKey(key))
            {
                shared.Enqueue(key);
            }
        }

        string? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        int l = 0, r = 0;
        while (l < left.Count || r < right.Count)
        {
            if (l < left.Count && r < right.Count)
            {
                string? leftKey = left[l].Key;
                if (leftKey is not null && leftKey == right[r].Key)
                {
                    merged.Add(leftKey);
                    result.Add(MergeItem(left[l].Item, right[r].Item, type, itemSchema));
                    l++;
                    r++;
                    AdvanceShared(leftKey);
                    continue;
                }

                if (leftKey is not null && rightKeys.Contains(leftKey) && nextShared is not null && nextShared != leftKey)
                {
                    // A shared item the configuration puts later: it is merged when the configuration gets there.
                    l++;
                    continue;
                }
            }

            if (l < left.Count)
            {
                string? leftKey = left[l].Key;
                if (leftKey is null || !rightKeys.Contains(leftKey))
                {
                    result.Add(left[l].Item?.DeepClone());
                    l++;
                    continue;
                }

                if (merged.Contains(leftKey) || r >= right.Count)
                {
                    l++;
                    continue;
                }
            }

            if (r < right.Count)
            {
                string? rightKey = right[r].Key;
                if (rightKey is null || merged.Add(rightKey))
                {
                    JsonNode? existing = rightKey is not null && leftItems.TryGetValue(rightKey, out JsonNode? found) ? found : null;
                    result.Add(MergeItem(existing, right[r].Item, type, itemSchema));
                    AdvanceShared(rightKey);
                }

                r++;
            }
        }

        return result;

        void AdvanceShared(string? key)
        {
            if (key is not null && key == nextShared)
            {
                nextShared = shared.Count > 0 ? shared.Dequeue() : null;
            }
        }
    }

    private JsonNode? MergeItem(JsonNode? live, JsonNode? config, ListType type, JsonObject? itemSchema)
    {
        if (type == ListType.Map && live is JsonObject liveItem && config is JsonObject configItem)
        {
            var target = liveItem.DeepClone().AsObject();
            MergeObject(target, configItem, itemSchema);
            return target;
        }

        return config?.DeepClone();
    }

    private static List<(string? Key, JsonNode? Item)> Index(JsonArray list, ListType type, IReadOnlyList<string> keys)
    {
        var indexed = new List<(string?, JsonNode?)>(list.Count);
        foreach (JsonNode? item in list)
        {
            indexed.Add((ObjectFields.ItemElement(item, type, keys, strict: false, string.Empty), item));
        }

        return indexed;
    }

    /// <summary>Removes under one value; true when it had content and has none left.</summary>
    private bool RemoveUnder(JsonNode? value, FieldSet node, JsonObject? schema)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj:
                Remove(obj, node, schema);
                return obj.Count == 0;
            case JsonArray { Count: > 0 } list:
                (ListType type, IReadOnlyList<string> keys) = ApplySchema.List(schema);
                if (type == ListType.Atomic)
                {
                    return false;
                }

                JsonObject? itemSchema = _schema.Items(schema);
                for (int i = list.Count - 1; i >= 0; i--)
                {
                    if (ObjectFields.ItemElement(list[i], type, keys, strict: false, string.Empty) is { } element && node.Find(element) is { } child)
                    {
                        if (child.Member)
                        {
                            list.RemoveAt(i);
                        }
                        else if (child.HasChildren && list[i] is JsonObject item)
                        {
                            Remove(item, child, itemSchema);
                        }
                    }
                }

                return list.Count == 0;
            default:
                return false;
        }
    }
}

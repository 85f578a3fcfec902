using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Structural equality for generated models: lists compare item by item, maps by content (any order), raw JSON by
/// value (object members in any order, numbers by their text), strings ordinally.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonModelEquality
{
    /// <summary>Whether two lists hold equal items in the same order (null equals only null).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="left">One list.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool ListEqual<T>(IList<T>? left, IList<T>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        for (int i = 0; i < left.Count; i++)
        {
            if (!ItemEqual(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two maps hold the same keys with equal values (null equals only null).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="left">One map.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool DictionaryEqual<T>(IDictionary<string, T>? left, IDictionary<string, T>? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Count != right.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, T> entry in left)
        {
            if (!right.TryGetValue(entry.Key, out T? other) || !ItemEqual(entry.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two raw JSON values are equal (null equals only null).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool ElementEqual(JsonElement? left, JsonElement? right) =>
        left is { } l ? right is { } r && ElementEqual(l, r) : right is null;

    /// <summary>Whether two raw JSON values are equal: same kind, strings and property names ordinally, numbers by
    /// their text, arrays item by item, objects member by member in any order.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool ElementEqual(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        switch (left.ValueKind)
        {
            case JsonValueKind.String:
                return left.ValueEquals(right.GetString());
            case JsonValueKind.Number:
                return left.GetRawText() == right.GetRawText();
            case JsonValueKind.Array:
                if (left.GetArrayLength() != right.GetArrayLength())
                {
                    return false;
                }

                using (JsonElement.ArrayEnumerator items = right.EnumerateArray())
                {
                    foreach (JsonElement item in left.EnumerateArray())
                    {
                        items.MoveNext();
                        if (!ElementEqual(item, items.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.Object:
                int count = 0;
                foreach (JsonProperty member in left.EnumerateObject())
                {
                    count++;
                    if (!right.TryGetProperty(member.Name, out JsonElement other) || !ElementEqual(member.Value, other))
                    {
                        return false;
                    }
                }

                foreach (JsonProperty _ in right.EnumerateObject())
                {
                    count--;
                }

                return count == 0;
            default:
                // true, false, null, undefined: the kind says it all.
                return true;
        }
    }

    /// <summary>A hash of a list or map consistent with the equalities above (its size).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="collection">The list or map.</param>
    /// <returns>The hash.</returns>
    public static int CountHash<T>(ICollection<T>? collection) => collection?.Count ?? 0;

    internal static bool UnknownMembersEqual(JsonPropertyBag? left, JsonPropertyBag? right)
    {
        if (left is null or { Count: 0 })
        {
            return right is null or { Count: 0 };
        }

        if (right is null || left.Count != right.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, JsonElement> entry in left)
        {
            if (!right.TryGetValue(entry.Key, out JsonElement other) || !ElementEqual(entry.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ItemEqual<T>(T left, T right)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return ElementEqual((JsonElement)(object)left!, (JsonElement)(object)right!);
        }

        if (typeof(T) == typeof(string))
        {
            return string.Equals((string?)(object?)left, (string?)(object?)right, StringComparison.Ordinal);
        }

        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        // Lists of lists and maps of maps: compared structurally too.
        return (left, right) switch
        {
            (IList l, IList r) when left is not string => NestedListEqual(l, r),
            (IDictionary l, IDictionary r) => NestedDictionaryEqual(l, r),
            (JsonElement l, JsonElement r) => ElementEqual(l, r),
            _ => EqualityComparer<T>.Default.Equals(left, right),
        };
    }

    private static bool NestedListEqual(IList left, IList right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (int i = 0; i < left.Count; i++)
        {
            if (!ItemEqual(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NestedDictionaryEqual(IDictionary left, IDictionary right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (DictionaryEntry entry in left)
        {
            if (!right.Contains(entry.Key) || !ItemEqual(entry.Value, right[entry.Key]))
            {
                return false;
            }
        }

        return true;
    }
}

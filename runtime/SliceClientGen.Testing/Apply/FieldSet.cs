using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.Apply;

/// <summary>
/// A set of field paths as <c>metadata.managedFields[].fieldsV1</c> writes it: a tree keyed by path elements —
/// <c>f:name</c> (a field), <c>k:{"port":80}</c> (an item of a map list, by its keys), <c>v:"a"</c> (an item of a set
/// list), <c>i:0</c> (an item by index) — where a node is a member when the path itself is in the set (written as
/// <c>{}</c>, or as <c>"."</c> beside its children).
/// </summary>
internal sealed class FieldSet
{
    private SortedDictionary<string, FieldSet>? _children;

    /// <summary>Whether the path leading here is itself in the set.</summary>
    public bool Member { get; set; }

    public bool IsEmpty
    {
        get
        {
            if (Member)
            {
                return false;
            }

            if (_children is not null)
            {
                foreach (FieldSet child in _children.Values)
                {
                    if (!child.IsEmpty)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    public bool HasChildren => _children is { Count: > 0 };

    public IEnumerable<KeyValuePair<string, FieldSet>> Children =>
        (IEnumerable<KeyValuePair<string, FieldSet>>?)_children ?? Array.Empty<KeyValuePair<string, FieldSet>>();

    public FieldSet? Find(string element) => _children is not null && _children.TryGetValue(element, out FieldSet? child) ? child : null;

    /// <summary>The child for <paramref name="element"/>, created when missing.</summary>
    public FieldSet Child(string element)
    {
        _children ??= new SortedDictionary<string, FieldSet>(ElementOrder.Instance);
        if (!_children.TryGetValue(element, out FieldSet? child))
        {
            child = new FieldSet();
            _children[element] = child;
        }

        return child;
    }

    /// <summary>Removes this path and everything under it.</summary>
    public void Clear()
    {
        Member = false;
        _children = null;
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { Member = Member };
        foreach (var (element, child) in Children)
        {
            copy.Child(element).CopyFrom(child);
        }

        return copy;
    }

    public void UnionWith(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (element, child) in other.Children)
        {
            Child(element).UnionWith(child);
        }
    }

    /// <summary>A new set of the paths that are members of both.</summary>
    public FieldSet Intersect(FieldSet other)
    {
        var result = new FieldSet { Member = Member && other.Member };
        foreach (var (element, child) in Children)
        {
            if (other.Find(element) is { } otherChild)
            {
                FieldSet common = child.Intersect(otherChild);
                if (!common.IsEmpty)
                {
                    result.Child(element).CopyFrom(common);
                }
            }
        }

        return result;
    }

    /// <summary>Removes the paths that are members of <paramref name="other"/> (their descendants stay).</summary>
    public void ExceptWith(FieldSet other)
    {
        if (other.Member)
        {
            Member = false;
        }

        if (_children is null)
        {
            return;
        }

        foreach (var (element, otherChild) in other.Children)
        {
            if (_children.TryGetValue(element, out FieldSet? child))
            {
                child.ExceptWith(otherChild);
                if (child.IsEmpty)
                {
                    _children.Remove(element);
                }
            }
        }
    }

    /// <summary>Drops the member paths at or above which <paramref name="owners"/> has a member (what another manager still needs).</summary>
    public void ExceptOwnedBy(FieldSet owners)
    {
        foreach (var (element, child) in Children)
        {
            if (owners.Find(element) is { } owner)
            {
                if (child.Member && !owner.IsEmpty)
                {
                    child.Member = false;
                }

                child.ExceptOwnedBy(owner);
            }
        }
    }

    public bool SetEquals(FieldSet other)
    {
        if (Member != other.Member)
        {
            return false;
        }

        int count = 0;
        foreach (var (element, child) in Children)
        {
            if (child.IsEmpty)
            {
                continue;
            }

            count++;
            if (other.Find(element) is not { } otherChild || !child.SetEquals(otherChild))
            {
                return false;
            }
        }

        foreach (var (_, child) in other.Children)
        {
            count -= child.IsEmpty ? 0 : 1;
        }

        return count == 0;
    }

    /// <summary>The member paths, written as the API server writes them in conflict messages (<c>.ports[port=80]</c>).</summary>
    public List<string> MemberPaths()
    {
        var paths = new List<string>();
        CollectPaths(new StringBuilder(), paths);
        return paths;
    }

    public JsonObject ToFieldsV1()
    {
        var obj = new JsonObject();
        WriteChildren(obj);
        return obj;
    }

    /// <summary>Reads a <c>fieldsV1</c> object; <paramref name="where"/> names it in the 400 for a malformed one.</summary>
    public static FieldSet FromFieldsV1(JsonObject fields, string where)
    {
        var set = new FieldSet();
        set.Read(fields, where);
        return set;
    }

    /// <summary>Writes a path element as the API server's conflict messages do: <c>f:a</c> → <c>.a</c>, <c>k:{"port":80}</c> → <c>[port=80]</c>, <c>v:"x"</c> → <c>[="x"]</c>, <c>i:0</c> → <c>[0]</c>.</summary>
    public static string Describe(string element)
    {
        string rest = element[2..];
        switch (element[0])
        {
            case 'f':
                return "." + rest;
            case 'v':
                return "[=" + rest + "]";
            case 'i':
                return "[" + rest + "]";
            default:
                var builder = new StringBuilder("[");
                bool first = true;
                foreach (var (name, value) in JsonNode.Parse(rest)!.AsObject())
                {
                    builder.Append(first ? string.Empty : ",").Append(name).Append('=').Append(value?.ToJsonString() ?? "null");
                    first = false;
                }

                return builder.Append(']').ToString();
        }
    }

    private void CopyFrom(FieldSet other)
    {
        Member = other.Member;
        foreach (var (element, child) in other.Children)
        {
            Child(element).CopyFrom(child);
        }
    }

    private void CollectPaths(StringBuilder path, List<string> paths)
    {
        foreach (var (element, child) in Children)
        {
            int length = path.Length;
            path.Append(Describe(element));
            if (child.Member)
            {
                paths.Add(path.ToString());
            }

            child.CollectPaths(path, paths);
            path.Length = length;
        }
    }

    private void WriteChildren(JsonObject obj)
    {
        foreach (var (element, child) in Children)
        {
            if (child.IsEmpty)
            {
                continue;
            }

            var node = new JsonObject();
            if (child.Member && child.HasChildren && !child.ChildrenEmpty())
            {
                node["."] = new JsonObject();
            }

            child.WriteChildren(node);
            obj[element] = node;
        }
    }

    private bool ChildrenEmpty()
    {
        foreach (var (_, child) in Children)
        {
            if (!child.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    private void Read(JsonObject fields, string where)
    {
        foreach (var (element, value) in fields)
        {
            if (value is not JsonObject child)
            {
                throw StatusError.BadRequest($"{where}: the value of \"{element}\" must be an object");
            }

            if (element == ".")
            {
                Member = true;
                continue;
            }

            if (element.Length < 2 || element[1] != ':' || element[0] is not ('f' or 'k' or 'v' or 'i'))
            {
                throw StatusError.BadRequest($"{where}: unknown path element \"{element}\" (expected f:, k:, v: or i:)");
            }

            if (element[0] is 'k' or 'v')
            {
                try
                {
                    JsonNode.Parse(element[2..]);
                }
                catch (JsonException)
                {
                    throw StatusError.BadRequest($"{where}: path element \"{element}\" does not hold JSON");
                }
            }

            FieldSet node = Child(element);
            node.Read(child, where);
            if (child.Count == 0)
            {
                node.Member = true;
            }
        }
    }

    /// <summary>The order the API server writes path elements in: fields, then keys, values and indexes.</summary>
    private sealed class ElementOrder : IComparer<string>
    {
        public static readonly ElementOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            int rank = Rank(x![0]).CompareTo(Rank(y![0]));
            if (rank != 0)
            {
                return rank;
            }

            if (x[0] == 'i' && int.TryParse(x.AsSpan(2), out int left) && int.TryParse(y.AsSpan(2), out int right))
            {
                return left.CompareTo(right);
            }

            return string.CompareOrdinal(x, y);
        }

        private static int Rank(char kind) => kind switch { 'f' => 0, 'k' => 1, 'v' => 2, _ => 3 };
    }
}

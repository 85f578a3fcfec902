using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The static description of one generated model, as its converter declares it once: the properties in declaration
/// order, each with its JSON name (plain and pre-encoded for writing), its kind and how its strings are shared within a
/// read. Immutable; the runtime reads it to record and reproduce an object's wire layout (<see cref="JsonWireLayout"/>),
/// in the spirit of System.Text.Json's <c>JsonObjectInfoValues</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonObjectShape
{
    private readonly JsonPropertyShape[] _properties;
    private readonly JsonEncodedText[] _encodedNames;
    private readonly int[] _declarationOrder;
    private readonly ulong[] _createdOnFirstAccess;
    private readonly byte[][] _utf8Names;
    private readonly int[]?[] _indexesByLength;

    /// <summary>Describes a model.</summary>
    /// <param name="typeName">The model's C# name (for error messages).</param>
    /// <param name="properties">The properties in declaration order: a property's index is its position here.</param>
    public JsonObjectShape(string typeName, params JsonPropertyShape[] properties)
    {
        TypeName = typeName ?? throw new ArgumentNullException(nameof(typeName));
        _properties = (JsonPropertyShape[])(properties ?? throw new ArgumentNullException(nameof(properties))).Clone();
        _encodedNames = new JsonEncodedText[_properties.Length];
        for (int i = 0; i < _properties.Length; i++)
        {
            _encodedNames[i] = _properties[i].EncodedName;
        }

        _declarationOrder = new int[_properties.Length];
        _createdOnFirstAccess = new ulong[(_properties.Length + 63) >> 6];
        for (int i = 0; i < _declarationOrder.Length; i++)
        {
            _declarationOrder[i] = i;
            if (_properties[i].CreatedOnFirstAccess)
            {
                _createdOnFirstAccess[i >> 6] |= 1UL << i;
            }
        }

        (_utf8Names, _indexesByLength) = CreateNameLookup(_properties);
    }

    /// <summary>The model's C# name.</summary>
    public string TypeName { get; }

    /// <summary>The properties in declaration order.</summary>
    public ReadOnlySpan<JsonPropertyShape> Properties => _properties;

    /// <summary>The properties' JSON names, encoded once for <see cref="Utf8JsonWriter"/>, in declaration order.</summary>
    public ReadOnlySpan<JsonEncodedText> EncodedNames => _encodedNames;

    /// <summary>The number of properties.</summary>
    public int Count => _properties.Length;

    /// <summary>The property indexes in declaration order (0, 1, 2, …): the write order of an object without a recorded one.</summary>
    internal ReadOnlySpan<int> DeclarationOrder => _declarationOrder;

    /// <summary>
    /// The properties created on first access, one bit each: word 0 holds properties 0-63, word 1 properties 64-127, and
    /// so on (0 past the last property).
    /// </summary>
    internal ulong CreatedOnFirstAccessWord(int word) =>
        (uint)word < (uint)_createdOnFirstAccess.Length ? _createdOnFirstAccess[word] : 0;

    /// <summary>The JSON name of the property at <paramref name="index"/>.</summary>
    internal string NameOf(int index) => _properties[index].Name;

    /// <summary>
    /// The index of the property whose JSON name is under the reader (a property name token), or -1 for a member the
    /// shape does not describe: the names of the name's UTF-8 length compared byte by byte, as a generated
    /// <c>switch</c> on the length would; an escaped or split name is unescaped by the reader first.
    /// </summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <returns>The property's index in declaration order, or -1.</returns>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return IndexOfUnescaped(ref reader);
        }

        ReadOnlySpan<byte> name = reader.ValueSpan;
        int[]?[] byLength = _indexesByLength;
        if ((uint)name.Length < (uint)byLength.Length && byLength[name.Length] is { } candidates)
        {
            byte[][] names = _utf8Names;
            foreach (int index in candidates)
            {
                if (name.SequenceEqual(names[index]))
                {
                    return index;
                }
            }
        }

        return -1;
    }

    private int IndexOfUnescaped(ref Utf8JsonReader reader)
    {
        for (int i = 0; i < _utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The names as UTF-8, and for each UTF-8 length the indexes of the names that long (declaration order).</summary>
    private static (byte[][] Names, int[]?[] IndexesByLength) CreateNameLookup(JsonPropertyShape[] properties)
    {
        var names = new byte[properties.Length][];
        int longest = -1;
        for (int i = 0; i < properties.Length; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(properties[i].Name);
            longest = Math.Max(longest, names[i].Length);
        }

        var byLength = new List<int>?[longest + 1];
        for (int i = 0; i < names.Length; i++)
        {
            (byLength[names[i].Length] ??= new List<int>()).Add(i);
        }

        var indexes = new int[]?[byLength.Length];
        for (int length = 0; length < byLength.Length; length++)
        {
            indexes[length] = byLength[length]?.ToArray();
        }

        return (names, indexes);
    }
}

/// <summary>One property of a <see cref="JsonObjectShape"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonPropertyShape
{
    /// <summary>Describes a property.</summary>
    /// <param name="name">The JSON name.</param>
    /// <param name="kind">What its value is.</param>
    /// <param name="sharing">Whether its strings (values, or a map's keys and values) are looked up among the strings
    /// the read has already seen.</param>
    /// <param name="createdOnFirstAccess">Whether the model creates the property's object, list or map on first access
    /// (a required one that does not allow null): such a property counts as written when it is present or has content,
    /// so its presence alone does not decide equality (<see cref="JsonWireLayout.PresenceAndUnknownMembersEqual"/>).</param>
    public JsonPropertyShape(string name, JsonPropertyKind kind, JsonStringSharing sharing = JsonStringSharing.WhileRepeating, bool createdOnFirstAccess = false)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        EncodedName = JsonEncodedText.Encode(name);
        Kind = kind;
        Sharing = sharing;
        CreatedOnFirstAccess = createdOnFirstAccess;

        // Keys of the per-read statistics of this property's strings (JsonReadContext): the instance's identity,
        // never 0. Two properties that happen to share a key only share statistics.
        int identity = RuntimeHelpers.GetHashCode(this);
        ValuesKey = identity | 1;
        KeysKey = (ValuesKey + 2) | 1;
    }

    /// <summary>The JSON name.</summary>
    public string Name { get; }

    /// <summary>The JSON name, encoded once.</summary>
    public JsonEncodedText EncodedName { get; }

    /// <summary>What the property's value is.</summary>
    public JsonPropertyKind Kind { get; }

    /// <summary>How the property's strings are shared within a read.</summary>
    public JsonStringSharing Sharing { get; }

    /// <summary>Whether the model creates the property's value on first access (written when present or not empty).</summary>
    public bool CreatedOnFirstAccess { get; }

    internal int ValuesKey { get; }

    internal int KeysKey { get; }
}

/// <summary>What a property's JSON value is.</summary>
public enum JsonPropertyKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,

    /// <summary>An RFC 3339 timestamp (a string on the wire).</summary>
    Timestamp,

    /// <summary>One of an open set of strings.</summary>
    Enum,

    /// <summary>An object read by a generated model.</summary>
    Object,

    /// <summary>An array.</summary>
    List,

    /// <summary>An object of uniform values (a map).</summary>
    Map,

    /// <summary>Any JSON, kept as it is.</summary>
    Any,
}

/// <summary>Whether a property's strings are shared with equal strings already seen in the same read.</summary>
public enum JsonStringSharing
{
    /// <summary>Looked up while the property's values keep repeating (zones, node names, label keys); a property whose
    /// values turn out unique (uids, addresses) stops looking for a while.</summary>
    WhileRepeating,

    /// <summary>Never looked up: the document says every value is unique (a uuid, bytes).</summary>
    Never,
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The JSON members of an object that its schema does not describe, in the order they were read (part of the
/// object's <see cref="JsonWireLayout"/>). Generated models expose it as <c>AdditionalProperties</c> and write it back
/// on serialize, so a GET → change → PUT round trip never drops what a newer server sent.
/// </summary>
internal sealed class JsonPropertyBag : IDictionary<string, JsonElement>, IReadOnlyDictionary<string, JsonElement>
{
    private readonly List<KeyValuePair<string, JsonElement>> _entries = new();

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public ICollection<string> Keys => _entries.ConvertAll(e => e.Key);

    /// <inheritdoc />
    public ICollection<JsonElement> Values => _entries.ConvertAll(e => e.Value);

    IEnumerable<string> IReadOnlyDictionary<string, JsonElement>.Keys => Keys;

    IEnumerable<JsonElement> IReadOnlyDictionary<string, JsonElement>.Values => Values;

    /// <inheritdoc />
    public JsonElement this[string key]
    {
        get => TryGetValue(key, out JsonElement value) ? value : throw new KeyNotFoundException("No additional property named '" + key + "'.");
        set
        {
            int index = IndexOf(key);
            if (index >= 0)
            {
                _entries[index] = new KeyValuePair<string, JsonElement>(key, value);
            }
            else
            {
                _entries.Add(new KeyValuePair<string, JsonElement>(key, value));
            }
        }
    }

    /// <inheritdoc />
    public void Add(string key, JsonElement value)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException("An additional property named '" + key + "' already exists.", nameof(key));
        }

        _entries.Add(new KeyValuePair<string, JsonElement>(key, value));
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool Remove(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        Reordered = true;
        return true;
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value)
    {
        int index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : default;
        return index >= 0;
    }

    /// <inheritdoc />
    public void Clear()
    {
        _entries.Clear();
        Reordered = true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, JsonElement>>.Add(KeyValuePair<string, JsonElement> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, JsonElement>>.Contains(KeyValuePair<string, JsonElement> item) =>
        TryGetValue(item.Key, out JsonElement value) && EqualityComparer<JsonElement>.Default.Equals(value, item.Value);

    void ICollection<KeyValuePair<string, JsonElement>>.CopyTo(KeyValuePair<string, JsonElement>[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, JsonElement>>.Remove(KeyValuePair<string, JsonElement> item) =>
        ((ICollection<KeyValuePair<string, JsonElement>>)this).Contains(item) && Remove(item.Key);

    /// <summary>
    /// True once a member was removed (or all cleared) since the object was read: positions recorded in its order no
    /// longer name the same members, so all members are then written after the known properties.
    /// </summary>
    public bool Reordered { get; private set; }

    /// <summary>Appends a member as read from the wire (no duplicate check, so reading stays linear; a duplicate
    /// name on the wire is written back as it came).</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value.</param>
    public void AppendRead(string key, JsonElement value) => _entries.Add(new KeyValuePair<string, JsonElement>(key, value));

    /// <summary>Writes the member at <paramref name="position"/>.</summary>
    public void WriteAt(Utf8JsonWriter writer, int position)
    {
        KeyValuePair<string, JsonElement> entry = _entries[position];
        writer.WritePropertyName(entry.Key);
        entry.Value.WriteTo(writer);
    }

    /// <summary>Writes the members from <paramref name="position"/> on.</summary>
    public void WriteFrom(Utf8JsonWriter writer, int position)
    {
        for (int i = position; i < _entries.Count; i++)
        {
            WriteAt(writer, i);
        }
    }

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

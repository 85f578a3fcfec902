using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The JSON properties of an object that its schema does not describe, in the order they were read.
/// Generated models expose it as <c>AdditionalProperties</c> and write it back on serialize, so a
/// GET → change → PUT round trip never drops what a newer server sent.
/// </summary>
public sealed class JsonPropertyBag : IDictionary<string, JsonElement>, IReadOnlyDictionary<string, JsonElement>
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
    public void Clear() => _entries.Clear();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, JsonElement>>.Add(KeyValuePair<string, JsonElement> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, JsonElement>>.Contains(KeyValuePair<string, JsonElement> item) =>
        TryGetValue(item.Key, out JsonElement value) && EqualityComparer<JsonElement>.Default.Equals(value, item.Value);

    void ICollection<KeyValuePair<string, JsonElement>>.CopyTo(KeyValuePair<string, JsonElement>[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, JsonElement>>.Remove(KeyValuePair<string, JsonElement> item) =>
        ((ICollection<KeyValuePair<string, JsonElement>>)this).Contains(item) && Remove(item.Key);

    /// <summary>Appends a property as read from the wire (for generated converters: no duplicate check, so
    /// reading stays linear; a duplicate key on the wire is written back as it came).</summary>
    /// <param name="key">The property name.</param>
    /// <param name="value">The value.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AppendRead(string key, JsonElement value) => _entries.Add(new KeyValuePair<string, JsonElement>(key, value));

    /// <summary>Writes the property named <paramref name="key"/>, if present (for generated converters).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="key">The property name.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteProperty(Utf8JsonWriter writer, string key)
    {
        int index = IndexOf(key);
        if (index >= 0)
        {
            writer.WritePropertyName(key);
            _entries[index].Value.WriteTo(writer);
        }
    }

    /// <summary>Writes every property not listed in <paramref name="alreadyWritten"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="alreadyWritten">The order written before, or null.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteRemaining(Utf8JsonWriter writer, JsonWireOrder? alreadyWritten)
    {
        foreach (KeyValuePair<string, JsonElement> entry in _entries)
        {
            if (alreadyWritten is null || !alreadyWritten.Contains(entry.Key))
            {
                writer.WritePropertyName(entry.Key);
                entry.Value.WriteTo(writer);
            }
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

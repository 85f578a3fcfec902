using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The values a generated open enum lists, as its declaration gives them once: matched against a JSON string by their
/// UTF-8 bytes (so reading a listed value allocates no string) and against a string for <c>IsKnown</c>. Immutable.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonOpenEnumValues
{
    private readonly string[] _values;
    private readonly HashSet<string> _set;
    private readonly byte[][] _utf8Values;
    private readonly int[]?[] _indexesByLength;

    /// <summary>Lists an enum's values.</summary>
    /// <param name="values">The values in document order (duplicates are matched to the first).</param>
    public JsonOpenEnumValues(params string[] values)
    {
        _values = (string[])(values ?? throw new ArgumentNullException(nameof(values))).Clone();
        _set = new HashSet<string>(StringComparer.Ordinal);
        _utf8Values = new byte[_values.Length][];
        var byLength = new List<int>?[0];
        for (int i = 0; i < _values.Length; i++)
        {
            string value = _values[i] ?? throw new ArgumentException("A listed value is null.", nameof(values));
            _set.Add(value);
            byte[] utf8 = Encoding.UTF8.GetBytes(value);
            _utf8Values[i] = utf8;
            if (utf8.Length >= byLength.Length)
            {
                Array.Resize(ref byLength, utf8.Length + 1);
            }

            (byLength[utf8.Length] ??= new List<int>()).Add(i);
        }

        _indexesByLength = new int[]?[byLength.Length];
        for (int length = 0; length < byLength.Length; length++)
        {
            _indexesByLength[length] = byLength[length]?.ToArray();
        }
    }

    /// <summary>The number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The value at <paramref name="index"/> (document order): the very string the enum was declared with.</summary>
    /// <param name="index">The value's position.</param>
    public string this[int index] => _values[index];

    /// <summary>Whether <paramref name="value"/> is one of the values (ordinal comparison; null is not).</summary>
    /// <param name="value">A wire value.</param>
    /// <returns>True for a listed value.</returns>
    public bool Contains(string? value) => value is not null && _set.Contains(value);

    /// <summary>
    /// The index of the value under the reader (a string token), or -1 for a value not listed: the values of the
    /// string's UTF-8 length compared byte by byte; an escaped or split string is unescaped by the reader first.
    /// </summary>
    /// <param name="reader">The reader, on a string.</param>
    /// <returns>The value's index in document order, or -1.</returns>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return IndexOfUnescaped(ref reader);
        }

        ReadOnlySpan<byte> text = reader.ValueSpan;
        int[]?[] byLength = _indexesByLength;
        if ((uint)text.Length < (uint)byLength.Length && byLength[text.Length] is { } candidates)
        {
            byte[][] values = _utf8Values;
            foreach (int index in candidates)
            {
                if (text.SequenceEqual(values[index]))
                {
                    return index;
                }
            }
        }

        return -1;
    }

    private int IndexOfUnescaped(ref Utf8JsonReader reader)
    {
        for (int i = 0; i < _utf8Values.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

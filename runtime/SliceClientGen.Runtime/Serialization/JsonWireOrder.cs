using System;
using System.ComponentModel;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The wire order of one object's properties, as recorded by <see cref="JsonPropertyOrder"/>: the names, and for each
/// the index of the known property it is (or -1 for an unknown one), so that a generated writer dispatches on the
/// index without looking the name up. Immutable; an order of known properties only is one instance shared by every
/// object of a read read in that order.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonWireOrder
{
    private readonly string[] _names;
    private readonly int[] _indexes;

    /// <summary>Creates an order from names, resolving each against the schema's known names.</summary>
    /// <param name="names">The property names in wire order.</param>
    /// <param name="knownNames">The schema's JSON names in schema order.</param>
    public JsonWireOrder(string[] names, string[] knownNames)
    {
        _names = names;
        _indexes = new int[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            _indexes[i] = Array.IndexOf(knownNames, names[i]);
        }
    }

    private JsonWireOrder(string[] names, int[] indexes)
    {
        _names = names;
        _indexes = indexes;
    }

    /// <summary>The property names in wire order.</summary>
    public ReadOnlySpan<string> Names => _names;

    /// <summary>For each name, the index of the known property, or -1 for an unknown one.</summary>
    public ReadOnlySpan<int> Indexes => _indexes;

    /// <summary>The order of a packed list of known properties (4 bits each, index + 1).</summary>
    internal static JsonWireOrder FromPacked(string[] knownNames, ulong packed, int count)
    {
        string[] names = new string[count];
        int[] indexes = new int[count];
        for (int i = 0; i < count; i++)
        {
            int index = (int)((packed >> (4 * i)) & 0xF) - 1;
            indexes[i] = index;
            names[i] = knownNames[index];
        }

        return new JsonWireOrder(names, indexes);
    }

    /// <summary>Whether <paramref name="name"/> is one of the recorded names.</summary>
    internal bool Contains(string name) => Array.IndexOf(_names, name) >= 0;
}

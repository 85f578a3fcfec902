using System;
using System.Collections;
using System.Collections.Generic;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// The types built so far, in the order they are emitted, with a lookup by name: finding a type is a hash lookup,
/// not a scan (GitHub's document builds about 2,000 types and looks types up for every list and union case).
/// Type names are unique (<see cref="TypeNameRegistry"/> hands them out), so the name indexes the current type of
/// that name; replacing a slot re-indexes it.
/// </summary>
internal sealed class TypeTable : IReadOnlyList<TypeModel>
{
    private readonly List<TypeModel> _types = new();
    private readonly Dictionary<string, TypeModel> _byName = new(StringComparer.Ordinal);

    public int Count => _types.Count;

    public TypeModel this[int index]
    {
        get => _types[index];
        set
        {
            TypeModel old = _types[index];
            if (_byName.TryGetValue(old.Name, out TypeModel? indexed) && ReferenceEquals(indexed, old))
            {
                _byName.Remove(old.Name);
            }

            _types[index] = value;
            Index(value);
        }
    }

    public void Add(TypeModel type)
    {
        _types.Add(type);
        Index(type);
    }

    public void Insert(int index, TypeModel type)
    {
        _types.Insert(index, type);
        Index(type);
    }

    /// <summary>The type named <paramref name="name"/>, or null.</summary>
    public TypeModel? Find(string name) => _byName.TryGetValue(name, out TypeModel? type) ? type : null;

    public int FindIndex(Predicate<TypeModel> match) => _types.FindIndex(match);

    public IEnumerator<TypeModel> GetEnumerator() => _types.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Indexes a type by its name unless an earlier type already holds the name (the first one is found, as before).</summary>
    private void Index(TypeModel type)
    {
        if (!_byName.ContainsKey(type.Name))
        {
            _byName.Add(type.Name, type);
        }
    }
}

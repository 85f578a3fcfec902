using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Records the wire order of an object's properties while a generated converter reads it, so writing it
/// back reproduces the same bytes (Kubernetes writes <c>kind</c> before <c>apiVersion</c>, and unknown
/// fields sit between known ones). Nothing is allocated while the order is the canonical one (known
/// properties in schema order, then unknown ones), which is what the converter writes anyway; an order of
/// known properties only (Kubernetes' Go field order, the same for every object of a type) is kept packed and
/// resolved to one array per distinct order shared within the read (<see cref="JsonReadContext"/>), so reading a
/// thousand endpoints allocates it once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonPropertyOrder
{
    private const int MaxPacked = 16;
    private const int MaxPackedIndex = 14;

    private List<string>? _names;
    private string[]? _knownNames;
    private ulong _packed;
    private ulong _seen;
    private int _count;
    private int _lastKnown;
    private bool _unknownSeen;
    private bool _departed;
    private bool _unpackable;

    // The fast path's state: the lowest index that keeps the order canonical; set once the slow path has run.
    private int _nextCanonical;
    private bool _offCanonical;

    /// <summary>Records one property just read.</summary>
    /// <param name="knownIndex">The property's index in <paramref name="knownNames"/>, or -1 for an unknown one.</param>
    /// <param name="name">The property's JSON name.</param>
    /// <param name="knownNames">The schema's JSON names in schema order.</param>
    /// <param name="presentBefore">The presence mask before this property was read.</param>
    /// <param name="additional">The unknown properties read so far (including this one if unknown).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int knownIndex, string name, string[] knownNames, ulong presentBefore, JsonPropertyBag? additional)
    {
        // The common case, inlined: the next known property in schema order.
        if (knownIndex >= _nextCanonical && !_offCanonical && (uint)knownIndex <= MaxPackedIndex && _count < MaxPacked)
        {
            _nextCanonical = knownIndex + 1;
            _seen |= 1UL << knownIndex;
            _packed |= (ulong)(knownIndex + 1) << (4 * _count);
            _count++;
            return;
        }

        AddSlow(knownIndex, name, knownNames, presentBefore, additional);
    }

    private void AddSlow(int knownIndex, string name, string[] knownNames, ulong presentBefore, JsonPropertyBag? additional)
    {
        if (!_offCanonical)
        {
            _offCanonical = true;
            _lastKnown = _nextCanonical - 1;
        }

        if (_names is not null)
        {
            if (!_names.Contains(name))
            {
                _names.Add(name);
            }

            return;
        }

        if (knownIndex < 0)
        {
            if (_departed)
            {
                // Known properties out of schema order, then an unknown one: spell the order out.
                _names = Unpack(knownNames);
                if (!_names.Contains(name))
                {
                    _names.Add(name);
                }

                return;
            }

            _unknownSeen = true;
            return;
        }

        if (!_departed)
        {
            if (!_unknownSeen && knownIndex > _lastKnown)
            {
                _lastKnown = knownIndex;
                Pack(knownIndex);
                return;
            }

            if (!_unknownSeen && !_unpackable)
            {
                // First departure from the canonical order, known properties only: keep packing.
                _departed = true;
                _knownNames = knownNames;
                Pack(knownIndex);
                if (_unpackable)
                {
                    _names = Unpack(knownNames);
                    if (!_names.Contains(name))
                    {
                        _names.Add(name);
                    }
                }

                return;
            }

            // First departure from the canonical order: everything so far was canonical, so rebuild it.
            _names = new List<string>();
            for (int i = 0; i < knownNames.Length && i < 64; i++)
            {
                if ((presentBefore & (1UL << i)) != 0)
                {
                    _names.Add(knownNames[i]);
                }
            }

            if (additional is not null)
            {
                foreach (KeyValuePair<string, System.Text.Json.JsonElement> entry in additional)
                {
                    if (!_names.Contains(entry.Key))
                    {
                        _names.Add(entry.Key);
                    }
                }
            }

            if (!_names.Contains(name))
            {
                _names.Add(name);
            }

            return;
        }

        Pack(knownIndex);
        if (_unpackable)
        {
            _names = Unpack(knownNames);
            if (!_names.Contains(name))
            {
                _names.Add(name);
            }
        }
    }

    /// <summary>The recorded order, or null when it is the canonical one, shared within the read when it can be.</summary>
    /// <param name="context">The read's context, which keeps one order per distinct order of known properties.</param>
    /// <param name="knownNames">The schema's JSON names in schema order.</param>
    /// <returns>
    /// The order, or null. An order of known properties only is one instance shared by every object of the read read
    /// in that order.
    /// </returns>
    public readonly JsonWireOrder? ToOrder(JsonReadContext context, string[] knownNames)
    {
        if (_names is not null)
        {
            return new JsonWireOrder(_names.ToArray(), knownNames);
        }

        return _departed ? context.SharedWireOrder(_knownNames!, _packed, _count) : null;
    }

    /// <summary>Appends a known index (once) to the packed order; marks the order unpackable when it does not fit.</summary>
    private void Pack(int knownIndex)
    {
        if (knownIndex < 64)
        {
            ulong bit = 1UL << knownIndex;
            if ((_seen & bit) != 0)
            {
                return;
            }

            _seen |= bit;
        }

        if (_unpackable || knownIndex > MaxPackedIndex || _count == MaxPacked)
        {
            _unpackable = true;
            return;
        }

        _packed |= (ulong)(knownIndex + 1) << (4 * _count);
        _count++;
    }

    private readonly List<string> Unpack(string[] knownNames)
    {
        var names = new List<string>(_count + 2);
        for (int i = 0; i < _count; i++)
        {
            names.Add(knownNames[(int)((_packed >> (4 * i)) & 0xF) - 1]);
        }

        return names;
    }
}

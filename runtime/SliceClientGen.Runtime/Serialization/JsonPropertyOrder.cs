using System.Collections.Generic;
using System.ComponentModel;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// Records the wire order of an object's properties while a generated converter reads it, so writing it
/// back reproduces the same bytes (Kubernetes writes <c>kind</c> before <c>apiVersion</c>, and unknown
/// fields sit between known ones). Nothing is allocated while the order is the canonical one (known
/// properties in schema order, then unknown ones), which is what the converter writes anyway.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonPropertyOrder
{
    private List<string>? _names;
    private int _lastKnown;
    private bool _unknownSeen;
    private bool _started;

    /// <summary>Records one property just read.</summary>
    /// <param name="knownIndex">The property's index in <paramref name="knownNames"/>, or -1 for an unknown one.</param>
    /// <param name="name">The property's JSON name.</param>
    /// <param name="knownNames">The schema's JSON names in schema order.</param>
    /// <param name="presentBefore">The presence mask before this property was read.</param>
    /// <param name="additional">The unknown properties read so far (including this one if unknown).</param>
    public void Add(int knownIndex, string name, string[] knownNames, ulong presentBefore, JsonPropertyBag? additional)
    {
        if (!_started)
        {
            _started = true;
            _lastKnown = -1;
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
            _unknownSeen = true;
            return;
        }

        if (!_unknownSeen && knownIndex > _lastKnown)
        {
            _lastKnown = knownIndex;
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
    }

    /// <summary>The recorded order, or null when it is the canonical one.</summary>
    /// <returns>The property names in wire order, or null.</returns>
    public readonly string[]? ToArray() => _names?.ToArray();
}

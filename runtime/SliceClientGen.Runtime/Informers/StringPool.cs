using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// One set of shared string instances for one informer's cache (never process-wide): values that repeat across
/// thousands of objects (zones, node names, namespaces, label keys and values) are kept once.
/// </summary>
/// <remarks>
/// Thread-safe. Holds at most <see cref="MaxCount"/> distinct strings of at most <see cref="MaxLength"/> characters,
/// for the informer's lifetime; beyond that, strings are returned as given. Intern only values that repeat: unique
/// values (uids, addresses, resourceVersions) would only fill it.
/// </remarks>
public sealed class StringPool
{
    /// <summary>The most distinct strings a pool keeps.</summary>
    public const int MaxCount = 65_536;

    /// <summary>The longest string a pool keeps.</summary>
    public const int MaxLength = 256;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>How many distinct strings the pool holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _strings.Count;
            }
        }
    }

    /// <summary>The pooled instance equal to <paramref name="value"/> (pooling it if there is room), or null for null.</summary>
    /// <param name="value">The string.</param>
    /// <returns>An instance equal to <paramref name="value"/>.</returns>
    public string? Intern(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        if (value.Length == 0)
        {
            return string.Empty;
        }

        lock (_lock)
        {
            if (_strings.TryGetValue(value, out string? pooled))
            {
                return pooled;
            }

            if (_strings.Count < MaxCount)
            {
                _strings.Add(value);
            }

            return value;
        }
    }

    /// <summary>Interns the keys and values of a dictionary (labels, annotations, selectors) in place.</summary>
    /// <param name="dictionary">The dictionary; null is left alone.</param>
    public void InternAll(IDictionary<string, string>? dictionary)
    {
        if (dictionary is null || dictionary.Count == 0)
        {
            return;
        }

        KeyValuePair<string, string>[] entries = new KeyValuePair<string, string>[dictionary.Count];
        dictionary.CopyTo(entries, 0);
        dictionary.Clear();
        foreach (KeyValuePair<string, string> entry in entries)
        {
            dictionary[Intern(entry.Key)!] = Intern(entry.Value)!;
        }
    }
}

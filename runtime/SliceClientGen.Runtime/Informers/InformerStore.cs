using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// An informer's cache: objects by key, the indexes over them and the resourceVersion they are current at. One
/// writer (the informer's loop), any number of readers; every read sees one consistent state.
/// </summary>
internal sealed class InformerStore<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly Func<T, ObjectKey> _keyOf;
    private readonly IEqualityComparer<T> _comparer;
    private readonly Func<T, string?> _resourceVersionOf;
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers;
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes = new(StringComparer.Ordinal);
    private Dictionary<ObjectKey, T> _items = new();
    private string? _resourceVersion;

    public InformerStore(Func<T, ObjectKey> keyOf, Func<T, string?> resourceVersionOf, IEqualityComparer<T> comparer, Dictionary<string, Func<T, IEnumerable<string>>> indexers)
    {
        _keyOf = keyOf;
        _resourceVersionOf = resourceVersionOf;
        _comparer = comparer;
        _indexers = indexers;
        foreach (string name in indexers.Keys)
        {
            _indexes[name] = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
        }
    }

    public string? ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public ObjectKey KeyOf(T item) => _keyOf(item);

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _items.TryGetValue(key, out T? item) ? item : null;
        }
    }

    public T[] List()
    {
        lock (_lock)
        {
            var items = new T[_items.Count];
            _items.Values.CopyTo(items, 0);
            return items;
        }
    }

    public T[] ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indexes.TryGetValue(indexName, out Dictionary<string, HashSet<ObjectKey>>? index))
            {
                throw new ArgumentException("The informer has no index named '" + indexName + "'.", nameof(indexName));
            }

            if (!index.TryGetValue(value, out HashSet<ObjectKey>? keys))
            {
                return Array.Empty<T>();
            }

            var items = new T[keys.Count];
            int i = 0;
            foreach (ObjectKey key in keys)
            {
                items[i++] = _items[key];
            }

            return items;
        }
    }

    public bool IsIndexed(string indexName) => _indexes.ContainsKey(indexName);

    /// <summary>Adds or updates one object; null when it equals the cached one (only the resourceVersion moves).</summary>
    public InformerEvent<T>? Upsert(T item, string? resourceVersion)
    {
        ObjectKey key = _keyOf(item);
        lock (_lock)
        {
            Advance(resourceVersion);
            if (_items.TryGetValue(key, out T? old))
            {
                if (Same(old, item))
                {
                    return null;
                }

                Unindex(key, old);
                _items[key] = item;
                Index(key, item);
                return new InformerEvent<T>(InformerEventType.Updated, item, old);
            }

            _items[key] = item;
            Index(key, item);
            return new InformerEvent<T>(InformerEventType.Added, item);
        }
    }

    /// <summary>Removes one object; null when it was not cached.</summary>
    public InformerEvent<T>? Remove(T item, string? resourceVersion)
    {
        ObjectKey key = _keyOf(item);
        lock (_lock)
        {
            Advance(resourceVersion);
            if (!_items.Remove(key, out T? old))
            {
                return null;
            }

            Unindex(key, old);
            return new InformerEvent<T>(InformerEventType.Deleted, item);
        }
    }

    public void Advance(string? resourceVersion)
    {
        lock (_lock)
        {
            if (!string.IsNullOrEmpty(resourceVersion))
            {
                _resourceVersion = resourceVersion;
            }
        }
    }

    /// <summary>
    /// Replaces the whole cache with a complete list (atomically) and returns the difference: objects only in the list
    /// are Added, changed ones Updated, and cached objects missing from the list are Deleted with their final state unknown.
    /// </summary>
    public List<InformerEvent<T>> Replace(Dictionary<ObjectKey, T> items, string? resourceVersion)
    {
        var events = new List<InformerEvent<T>>();
        lock (_lock)
        {
            foreach (KeyValuePair<ObjectKey, T> entry in _items)
            {
                if (!items.ContainsKey(entry.Key))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Deleted, entry.Value, IsFinalStateUnknown: true));
                }
            }

            foreach (KeyValuePair<ObjectKey, T> entry in items)
            {
                if (!_items.TryGetValue(entry.Key, out T? old))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Added, entry.Value));
                }
                else if (!Same(old, entry.Value))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Updated, entry.Value, old));
                }
            }

            _items = items;
            foreach (Dictionary<string, HashSet<ObjectKey>> index in _indexes.Values)
            {
                index.Clear();
            }

            foreach (KeyValuePair<ObjectKey, T> entry in items)
            {
                Index(entry.Key, entry.Value);
            }

            Advance(resourceVersion);
        }

        return events;
    }

    /// <summary>
    /// The same state: equal by the comparer, or with the same resourceVersion (the server gives every change of an
    /// object a new one, so a relist or a replayed event that carries the cached version changes nothing).
    /// </summary>
    private bool Same(T cached, T item) =>
        _comparer.Equals(cached, item)
        || (_resourceVersionOf(cached) is { Length: > 0 } version && string.Equals(version, _resourceVersionOf(item), StringComparison.Ordinal));

    private void Index(ObjectKey key, T item)
    {
        foreach (KeyValuePair<string, Func<T, IEnumerable<string>>> indexer in _indexers)
        {
            Dictionary<string, HashSet<ObjectKey>> index = _indexes[indexer.Key];
            foreach (string value in indexer.Value(item))
            {
                if (!index.TryGetValue(value, out HashSet<ObjectKey>? keys))
                {
                    index[value] = keys = new HashSet<ObjectKey>();
                }

                keys.Add(key);
            }
        }
    }

    private void Unindex(ObjectKey key, T item)
    {
        foreach (KeyValuePair<string, Func<T, IEnumerable<string>>> indexer in _indexers)
        {
            Dictionary<string, HashSet<ObjectKey>> index = _indexes[indexer.Key];
            foreach (string value in indexer.Value(item))
            {
                if (index.TryGetValue(value, out HashSet<ObjectKey>? keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }
}

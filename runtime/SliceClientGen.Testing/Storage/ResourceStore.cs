using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.Storage;

/// <summary>
/// All objects of all resources, versioned by one monotonically increasing counter (as etcd's revision is). Writes are
/// serialized by one lock, which also feeds the watchers, so every watch sees writes in revision order without gaps.
/// </summary>
internal sealed class ResourceStore
{
    private const int MaxListSnapshots = 64;

    private readonly object _gate = new();
    private readonly Dictionary<string, ResourceTable> _tables = new(StringComparer.Ordinal);
    private readonly Queue<(long Revision, DateTimeOffset At)> _writes = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private long _revision;
    private long _compacted;

    public ResourceStore(IEnumerable<ApiResource> resources, TimeProvider time, TimeSpan compactionWindow)
    {
        _time = time;
        _window = compactionWindow;
        foreach (ApiResource resource in resources)
        {
            if (!resource.IsNamespaceView)
            {
                _tables[TableKey(resource)] = new ResourceTable(resource);
            }
        }
    }

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public IEnumerable<ResourceTable> Tables => _tables.Values;

    public ResourceTable Table(ApiResource resource) =>
        _tables.TryGetValue(TableKey(resource), out ResourceTable? table)
            ? table
            : throw new ArgumentException($"The server does not serve {resource}.", nameof(resource));

    /// <summary>The state a list reads: the current objects at the current revision, kept for continue tokens.</summary>
    public (ImmutableSortedSet<StoredObject> Items, long Revision) ListState(ResourceTable table)
    {
        lock (_gate)
        {
            CompactExpired();
            ImmutableSortedSet<StoredObject> items = table.Current;
            table.ListSnapshots[_revision] = items;
            if (table.ListSnapshots.Count > MaxListSnapshots)
            {
                table.ListSnapshots.RemoveAt(0);
            }

            return (items, _revision);
        }
    }

    /// <summary>The state at <paramref name="revision"/> (a continue token's, or an exact list's); <paramref name="expired"/> when it was compacted.</summary>
    public ImmutableSortedSet<StoredObject> ListStateAt(ResourceTable table, long revision, Func<long, StatusError> expired)
    {
        lock (_gate)
        {
            CompactExpired();
            if (revision < _compacted)
            {
                throw expired(_compacted);
            }

            return table.StateAt(Math.Min(revision, _revision));
        }
    }

    /// <summary>The namespaces objects are in now, in order, with the current revision.</summary>
    public (SortedSet<string> Namespaces, long Revision) NamespacesInUse()
    {
        lock (_gate)
        {
            var namespaces = new SortedSet<string>(StringComparer.Ordinal);
            foreach (ResourceTable table in _tables.Values)
            {
                if (table.Resource.Namespaced)
                {
                    foreach (StoredObject obj in table.Current)
                    {
                        namespaces.Add(obj.Namespace!);
                    }
                }
            }

            return (namespaces, _revision);
        }
    }

    public StoredObject? Get(ResourceTable table, string? @namespace, string name) =>
        table.Current.TryGetValue(StoredObject.Probe(StoredObject.KeyOf(@namespace, name)), out StoredObject? found) ? found : null;

    /// <summary>Creates <paramref name="obj"/> (metadata filled here); 409 AlreadyExists when the name is taken.</summary>
    public StoredObject Create(ResourceTable table, JsonObject obj, bool dryRun)
    {
        ApiResource resource = table.Resource;
        obj["apiVersion"] = resource.GroupVersion;
        obj["kind"] = resource.Kind;
        JsonObject metadata = ObjectMeta.Of(obj);
        string name = ObjectMeta.GetString(metadata, "name") ?? throw new InvalidOperationException("metadata.name is missing.");
        lock (_gate)
        {
            string key = StoredObject.KeyOf(resource.Namespaced ? ObjectMeta.GetString(metadata, "namespace") : null, name);
            if (table.Current.Contains(StoredObject.Probe(key)))
            {
                throw StatusError.AlreadyExists(resource, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = ObjectMeta.Timestamp(_time.GetUtcNow());
            metadata["generation"] = 1;
            metadata.Remove("resourceVersion");
            metadata.Remove("deletionTimestamp");
            if (dryRun)
            {
                return StoredObject.From(obj, 0);
            }

            long revision = NextRevision();
            metadata["resourceVersion"] = Format(revision);
            StoredObject stored = StoredObject.From(obj, revision);
            table.Current = table.Current.Add(stored);
            Record(table, new WatchRecord("ADDED", revision, stored, null));
            return stored;
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="change"/> makes of its current state (read, changed and written
    /// under the lock, so patches are atomic). 404 when missing; 409 Conflict when the new object names a stale
    /// <c>metadata.resourceVersion</c>. uid and creationTimestamp are kept; generation counts content changes.
    /// </summary>
    public StoredObject Update(ResourceTable table, string? @namespace, string name, Func<StoredObject, JsonObject> change, bool dryRun)
    {
        ApiResource resource = table.Resource;
        lock (_gate)
        {
            StoredObject current = Get(table, @namespace, name) ?? throw StatusError.NotFound(resource, name);
            JsonObject updated = change(current);
            JsonObject metadata = ObjectMeta.Of(updated);
            string? precondition = ObjectMeta.GetString(metadata, "resourceVersion");
            if (precondition is not null && precondition != Format(current.ResourceVersion))
            {
                throw StatusError.Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            JsonObject old = current.ToJsonObject();
            JsonObject oldMetadata = ObjectMeta.Of(old);
            updated["apiVersion"] = resource.GroupVersion;
            updated["kind"] = resource.Kind;
            metadata["name"] = name;
            if (@namespace is not null)
            {
                metadata["namespace"] = @namespace;
            }

            metadata["uid"] = oldMetadata["uid"]?.DeepClone();
            metadata["creationTimestamp"] = oldMetadata["creationTimestamp"]?.DeepClone();
            long generation = oldMetadata["generation"] is JsonValue g && g.TryGetValue(out long n) ? n : 1;
            metadata["generation"] = ObjectMeta.ContentDiffers(old, updated) ? generation + 1 : generation;
            metadata["resourceVersion"] = Format(current.ResourceVersion);
            if (dryRun || JsonNode.DeepEquals(old, updated))
            {
                // A no-op write keeps the resource version and makes no event, as the Kubernetes API server does.
                return dryRun ? StoredObject.From(updated, current.ResourceVersion) : current;
            }

            long revision = NextRevision();
            metadata["resourceVersion"] = Format(revision);
            StoredObject stored = StoredObject.From(updated, revision);
            table.Current = table.Current.Remove(current).Add(stored);
            Record(table, new WatchRecord("MODIFIED", revision, stored, current));
            return stored;
        }
    }

    /// <summary>Deletes an object; <paramref name="precondition"/> may refuse (409). Returns its last state at the delete's version.</summary>
    public StoredObject Delete(ResourceTable table, string? @namespace, string name, Action<StoredObject>? precondition, bool dryRun)
    {
        lock (_gate)
        {
            StoredObject current = Get(table, @namespace, name) ?? throw StatusError.NotFound(table.Resource, name);
            precondition?.Invoke(current);
            if (dryRun)
            {
                return current;
            }

            long revision = NextRevision();
            JsonObject last = current.ToJsonObject();
            ObjectMeta.Of(last)["resourceVersion"] = Format(revision);
            StoredObject final = StoredObject.From(last, revision);
            table.Current = table.Current.Remove(current);
            Record(table, new WatchRecord("DELETED", revision, final, current));
            return final;
        }
    }

    /// <summary>
    /// Registers a watcher and returns what it must send first: the current objects (<paramref name="from"/> null) or
    /// the history after <paramref name="from"/>; <see langword="null"/> when that history was compacted (410).
    /// </summary>
    public WatchStart? Subscribe(ResourceTable table, long? from, Watcher watcher)
    {
        lock (_gate)
        {
            CompactExpired();
            WatchStart start;
            if (from is null)
            {
                start = new WatchStart(table.Current, Array.Empty<WatchRecord>(), _revision);
            }
            else if (from.Value < _compacted)
            {
                return null;
            }
            else
            {
                int first = table.FirstRecordAfter(from.Value);
                start = new WatchStart(null, table.History.GetRange(first, table.History.Count - first), _revision);
            }

            table.Watchers.Add(watcher);
            return start;
        }
    }

    public void Unsubscribe(ResourceTable table, Watcher watcher)
    {
        lock (_gate)
        {
            table.Watchers.Remove(watcher);
        }

        watcher.Complete();
    }

    /// <summary>The revision a bookmark may report: the current one, if the watcher has nothing queued.</summary>
    public long? BookmarkRevision(Watcher watcher)
    {
        lock (_gate)
        {
            return watcher.Queued == 0 ? _revision : null;
        }
    }

    public long CompactedRevision
    {
        get
        {
            lock (_gate)
            {
                return _compacted;
            }
        }
    }

    /// <summary>Compacts everything up to the current revision.</summary>
    public long Compact()
    {
        lock (_gate)
        {
            CompactTo(_revision);
            _writes.Clear();
            return _compacted;
        }
    }

    public static string Format(long revision) => revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TableKey(ApiResource resource) => resource.GroupVersion + "/" + resource.Plural;

    private long NextRevision()
    {
        long revision = ++_revision;
        _writes.Enqueue((revision, _time.GetUtcNow()));
        CompactExpired();
        return revision;
    }

    private void Record(ResourceTable table, WatchRecord record)
    {
        table.History.Add(record);
        foreach (Watcher watcher in table.Watchers)
        {
            watcher.Publish(record);
        }
    }

    /// <summary>Drops history older than the compaction window: the newest expired write becomes the compacted revision.</summary>
    private void CompactExpired()
    {
        DateTimeOffset limit = _time.GetUtcNow() - _window;
        long to = -1;
        while (_writes.Count > 1 && _writes.Peek().At < limit)
        {
            to = _writes.Dequeue().Revision;
        }

        if (to > _compacted)
        {
            CompactTo(to);
        }
    }

    private void CompactTo(long revision)
    {
        _compacted = Math.Max(_compacted, revision);
        foreach (ResourceTable table in _tables.Values)
        {
            table.Compact(_compacted);
        }
    }
}

/// <summary>What a new watch sends before live events.</summary>
/// <param name="Initial">The current objects, sent as ADDED (a watch without a resource version), or null.</param>
/// <param name="Replay">History after the requested resource version.</param>
/// <param name="Revision">The store's revision when the watch started.</param>
internal sealed record WatchStart(ImmutableSortedSet<StoredObject>? Initial, IReadOnlyList<WatchRecord> Replay, long Revision);

using System.Collections.Generic;
using System.Collections.Immutable;

namespace SliceClientGen.Testing.Storage;

/// <summary>
/// The objects of one resource: the current set (immutable, so a list reads a consistent state without locks), the
/// write history a watch replays, the sets that served lists (what continue tokens read), and the live watchers.
/// Mutated only under the store's lock.
/// </summary>
internal sealed class ResourceTable
{
    public ResourceTable(ApiResource resource) => Resource = resource;

    public ApiResource Resource { get; }

    /// <summary>The current objects, ordered by key.</summary>
    public ImmutableSortedSet<StoredObject> Current { get; set; } = ImmutableSortedSet.Create<StoredObject>(StoredObject.KeyComparer.Instance);

    /// <summary>Writes in revision order, back to the store's compacted revision.</summary>
    public List<WatchRecord> History { get; } = new();

    /// <summary>States that served a list, by the resource version the list reported (continue tokens resume from them).</summary>
    public SortedList<long, ImmutableSortedSet<StoredObject>> ListSnapshots { get; } = new();

    public List<Watcher> Watchers { get; } = new();

    /// <summary>The index of the first history record with a revision above <paramref name="revision"/>.</summary>
    public int FirstRecordAfter(long revision)
    {
        int low = 0, high = History.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (History[mid].Revision <= revision)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The state at <paramref name="revision"/>: a kept snapshot, or the current set with later writes undone.</summary>
    public ImmutableSortedSet<StoredObject> StateAt(long revision)
    {
        if (ListSnapshots.TryGetValue(revision, out ImmutableSortedSet<StoredObject>? snapshot))
        {
            return snapshot;
        }

        ImmutableSortedSet<StoredObject> state = Current;
        for (int i = History.Count - 1; i >= 0 && History[i].Revision > revision; i--)
        {
            WatchRecord record = History[i];
            state = state.Remove(record.Object);
            if (record.Previous is not null)
            {
                state = state.Add(record.Previous);
            }
        }

        return state;
    }

    public void Compact(long revision)
    {
        int keep = FirstRecordAfter(revision);
        if (keep > 0)
        {
            History.RemoveRange(0, keep);
        }

        while (ListSnapshots.Count > 0 && ListSnapshots.Keys[0] < revision)
        {
            ListSnapshots.RemoveAt(0);
        }
    }
}

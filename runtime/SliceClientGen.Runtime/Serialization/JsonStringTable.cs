using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The strings of one read (<see cref="JsonReadContext"/>): a small table of two-way buckets of short ASCII values
/// (at most 64 bytes, unescaped) keyed by their UTF-8 bytes, so that values repeating within the read share one
/// instance. A value takes a free entry at once but displaces another only the second time it is seen, so values that
/// never repeat (uids, addresses, resourceVersions) do not push out those that do. The table starts small (allocated
/// on the first string), doubles while values keep missing it or displacing each other, and stops at 8,192 entries.
/// Per-property statistics (keyed by <see cref="JsonPropertyShape"/>) let a property whose values do not repeat skip
/// the table for a while. An instance is shared only while it is recent: the first occurrence more than
/// <see cref="LocalityWindow"/> strings after it was allocated gets a fresh instance, which the following ones share.
/// Owned by one read; not thread-safe.
/// </summary>
/// <remarks>
/// Why recent: the objects of a read sit in memory in the order they were read, and writing them back walks that order.
/// An object that refers to a string allocated much earlier in the read (a node name first seen megabytes of JSON before)
/// sends the writer to a far page for it, a TLB and cache miss per object, which System.Text.Json's unshared copies,
/// allocated next to their object, never cost. Within the window (a few MB of objects: about 9,000 endpoints) the
/// string is on a page the writer walked a moment ago. Values that repeat often (zones, kinds, namespaces, label keys)
/// still cost one instance per window; values spread thinly over a long read (5,000 node names over 100,000 endpoints)
/// cost a few instances each instead of one.
/// </remarks>
internal sealed class JsonStringTable
{
    private const int MaxBytes = 64;
    private const int InitialBits = 5;
    private const int MaxBits = 13;
    private const int StatsAfter = 256;
    private const int Window = 1024;
    private const int MinBypass = 4 * 1024;
    private const int MaxBypass = 256 * 1024;

    /// <summary>How many strings after its allocation an instance stops being shared (see the remarks).</summary>
    private const int LocalityWindow = 64 * 1024;

    private Entry[]? _entries;
    private int _shift = 32 - InitialBits;
    private int _evictions;
    private int _misses;
    private PropertyStats[]? _stats;
    private int _statsCount;
    private int _untracked;

    // The strings this table has been asked for so far (shared or not): how far into the read it is.
    private int _clock;

    // For each entry, the clock when its string was allocated; kept only once the read is longer than the window (a
    // short read never needs it), strings allocated before counting as allocated at the read's start.
    private int[]? _births;
    private readonly bool _renewsFarStrings;

    /// <summary>Creates an empty table.</summary>
    /// <param name="renewsFarStrings">
    /// Whether an instance stops being shared <see cref="LocalityWindow"/> strings after its allocation (one read whose
    /// objects may be written back in order); false for a stream of separate items, where one instance per value for
    /// the whole stream keeps the memory of the items kept lowest.
    /// </param>
    public JsonStringTable(bool renewsFarStrings)
    {
        _renewsFarStrings = renewsFarStrings;
    }

    /// <summary>
    /// The string of the string or property name under the reader, shared with earlier equal values of this read;
    /// a property whose values do not repeat (uids, addresses, resourceVersions) is noticed after a thousand values
    /// and its values are then read without looking them up for a while (doubling each time), so that they cost
    /// nothing and do not crowd out the sightings of values that do repeat.
    /// </summary>
    /// <param name="reader">The reader, on a string or a property name.</param>
    /// <param name="property">
    /// The key of the property's statistics (<see cref="JsonPropertyShape"/>'s values or map keys): never 0.
    /// Statistics are kept once the read is past a few hundred strings.
    /// </param>
    /// <returns>The string.</returns>
    public string GetString(ref Utf8JsonReader reader, int property)
    {
        if (_stats is null)
        {
            if (++_untracked <= StatsAfter)
            {
                return GetString(ref reader);
            }

            _stats = new PropertyStats[16];
        }

        ref PropertyStats stats = ref Stats(property);
        if (stats.Bypass > 0)
        {
            _clock++;
            stats.Bypass--;
            return reader.GetString()!;
        }

        string value = Lookup(ref reader, out bool repeated);
        stats.Repeats += repeated ? 1 : 0;
        if (++stats.Lookups >= Window)
        {
            // Fewer than one value in sixteen was seen before: these values do not repeat (much), stop looking for a while.
            if (stats.Repeats * 16 < stats.Lookups)
            {
                stats.Bypass = stats.NextBypass;
                stats.NextBypass = Math.Min(stats.NextBypass * 2, MaxBypass);
            }
            else
            {
                stats.NextBypass = MinBypass;
            }

            stats.Lookups = 0;
            stats.Repeats = 0;
        }

        return value;
    }

    /// <summary>The string of the string or property name under the reader, shared with earlier equal values of this read.</summary>
    /// <param name="reader">The reader, on a string or a property name.</param>
    /// <returns>The string.</returns>
    public string GetString(ref Utf8JsonReader reader) => Lookup(ref reader, out _);

    /// <summary>The statistics of one property, added on first use (open addressing on the identifier).</summary>
    private ref PropertyStats Stats(int property)
    {
        PropertyStats[] stats = _stats!;
        int mask = stats.Length - 1;
        int i = (int)(((uint)property * 0x9E3779B9u) >> 16) & mask;
        while (true)
        {
            ref PropertyStats slot = ref stats[i];
            if (slot.Key == property)
            {
                return ref slot;
            }

            if (slot.Key == 0)
            {
                if ((_statsCount + 1) * 2 > stats.Length)
                {
                    var larger = new PropertyStats[stats.Length * 2];
                    int largerMask = larger.Length - 1;
                    foreach (PropertyStats old in stats)
                    {
                        if (old.Key != 0)
                        {
                            int j = (int)(((uint)old.Key * 0x9E3779B9u) >> 16) & largerMask;
                            while (larger[j].Key != 0)
                            {
                                j = (j + 1) & largerMask;
                            }

                            larger[j] = old;
                        }
                    }

                    _stats = larger;
                    return ref Stats(property);
                }

                _statsCount++;
                slot.Key = property;
                slot.NextBypass = MinBypass;
                return ref slot;
            }

            i = (i + 1) & mask;
        }
    }

    private string Lookup(ref Utf8JsonReader reader, out bool repeated)
    {
        repeated = false;
        int now = ++_clock;
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }

        ReadOnlySpan<byte> utf8 = reader.ValueSpan;
        if (utf8.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        Entry[] entries = _entries ??= new Entry[1 << InitialBits];
        int[]? births = _births ?? (_renewsFarStrings && now > LocalityWindow ? _births = new int[entries.Length] : null);
        ulong hash = Hash(utf8);
        uint high = (uint)(hash >> 32);

        // Two-way buckets: two values that hash alike (few hot values in a small table often do) both stay.
        int bucket = (int)(high >> _shift) & ~1;
        // The stored hash is compared first: a value that differs costs no visit to the string (a cache miss).
        ref Entry first = ref entries[bucket];
        string? cached = first.Value;
        if (first.Hash == high && cached is not null && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            repeated = true;
            return births is null || now - births[bucket] <= LocalityWindow ? cached : Renew(ref first, births, bucket, ref reader, now);
        }

        ref Entry second = ref entries[bucket + 1];
        string? other = second.Value;
        if (second.Hash == high && other is not null && other.Length == utf8.Length && Ascii.Equals(utf8, other))
        {
            // The most recently used value goes first: it is the one kept when a third value comes in.
            if (births is not null)
            {
                if (now - births[bucket + 1] > LocalityWindow)
                {
                    other = Renew(ref second, births, bucket + 1, ref reader, now);
                }

                (births[bucket], births[bucket + 1]) = (births[bucket + 1], births[bucket]);
            }

            (first.Value, first.Hash, second.Value, second.Hash) = (other, second.Hash, cached, first.Hash);
            repeated = true;
            return other;
        }

        string value = reader.GetString()!;
        if (value.Length == utf8.Length)
        {
            // As many chars as bytes: plain ASCII, comparable byte for char. A value displaces another only the
            // second time it is seen (while its bucket still remembers the first), so values that never repeat do
            // not push out those that do; they only push out each other's sightings.
            uint tag = high | 1;
            if (cached is null || other is null)
            {
                // A free entry in the bucket: the value goes in at once (most recent first), displacing nothing.
                if (cached is not null)
                {
                    second.Value = cached;
                    second.Hash = first.Hash;
                }

                first.Value = value;
                first.Hash = high;
                Born(births, bucket, now, moved: cached is not null);
            }
            else if (first.Seen == tag || second.Seen == tag)
            {
                repeated = true;
                if (first.Seen == tag)
                {
                    first.Seen = second.Seen;
                }

                second.Seen = 0;
                second.Value = cached;
                second.Hash = first.Hash;
                first.Value = value;
                first.Hash = high;
                Born(births, bucket, now, moved: true);
                if (++_evictions > entries.Length / 2 && _shift > 32 - MaxBits)
                {
                    Grow(entries);
                }
            }
            else
            {
                second.Seen = first.Seen;
                first.Seen = tag;

                // Many values not seen before: the table grows with the read, so that sightings last longer.
                if (++_misses > entries.Length * 2 && _shift > 32 - MaxBits)
                {
                    Grow(entries);
                }
            }
        }

        return value;
    }

    /// <summary>
    /// A fresh instance of the value an entry holds, which the entry shares from now on: the one it held was allocated
    /// more than <see cref="LocalityWindow"/> strings ago, so far from the objects being read now in memory.
    /// </summary>
    private static string Renew(ref Entry entry, int[] births, int index, ref Utf8JsonReader reader, int now)
    {
        string value = reader.GetString()!;
        entry.Value = value;
        births[index] = now;
        return value;
    }

    /// <summary>
    /// Records that the first entry of <paramref name="bucket"/> holds a string allocated now; <paramref name="moved"/>:
    /// the string it held moved to the second entry.
    /// </summary>
    private static void Born(int[]? births, int bucket, int now, bool moved)
    {
        if (births is not null)
        {
            if (moved)
            {
                births[bucket + 1] = births[bucket];
            }

            births[bucket] = now;
        }
    }

    /// <summary>Doubles the table, keeping the strings it holds (their buckets come from the stored hash).</summary>
    private void Grow(Entry[] entries)
    {
        int shift = _shift - 1;
        var larger = new Entry[entries.Length * 2];
        int[]? births = _births;
        int[]? largerBirths = births is null ? null : new int[larger.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            Entry entry = entries[i];
            // A sighting is kept (its tag is the hash's top half, so its bucket is known) unless the bucket is full.
            if (entry.Seen != 0)
            {
                int bucket = (int)(entry.Seen >> shift) & ~1;
                if (larger[bucket].Seen != 0)
                {
                    bucket++;
                }

                larger[bucket].Seen = larger[bucket].Seen == 0 ? entry.Seen : larger[bucket].Seen;
            }

            if (entry.Value is not null)
            {
                int bucket = (int)(entry.Hash >> shift) & ~1;
                if (larger[bucket].Value is not null)
                {
                    bucket++;
                }

                if (larger[bucket].Value is null)
                {
                    larger[bucket].Value = entry.Value;
                    larger[bucket].Hash = entry.Hash;
                    if (largerBirths is not null)
                    {
                        largerBirths[bucket] = births![i];
                    }
                }
            }
        }

        _entries = larger;
        _births = largerBirths;
        _shift = shift;
        _evictions = 0;
        _misses = 0;
    }

    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong hash = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        int i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
        {
            hash = (BitOperations.RotateLeft(hash, 23) ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice(i))) * 0xC2B2AE3D27D4EB4FUL;
        }

        if (i < utf8.Length)
        {
            ulong tail = 0;
            if (utf8.Length >= 8)
            {
                tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8.Slice(utf8.Length - 8));
            }
            else
            {
                for (int j = utf8.Length - 1; j >= i; j--)
                {
                    tail = (tail << 8) | utf8[j];
                }
            }

            hash = (BitOperations.RotateLeft(hash, 23) ^ tail) * 0xC2B2AE3D27D4EB4FUL;
        }

        // Avalanche (MurmurHash3's finalizer): every input bit reaches the top bits used as the index.
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>How often one property's values were seen before, and for how many more values it skips the table.</summary>
    private struct PropertyStats
    {
        public int Key;
        public int Lookups;
        public int Repeats;
        public int Bypass;
        public int NextBypass;
    }

    /// <summary>One slot: the string it holds (with the top half of its hash, to move it when the table grows) and
    /// a tag of the last value that missed it.</summary>
    private struct Entry
    {
        public string? Value;
        public uint Hash;
        public uint Seen;
    }
}

using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The order in which one object's properties were read, when it is not the canonical one (known properties in
/// declaration order, then unknown members): each slot is a known property's index, or <c>~n</c> for the
/// <c>n</c>-th unknown member. Immutable; an order of known properties only is one instance shared by every object of
/// a read that came in that order (<see cref="JsonWireOrderCache"/>).
/// </summary>
internal sealed class JsonWireOrder
{
    private readonly int[] _slots;
    private readonly ulong[] _listed;
    private int[]? _writeSequence;

    public JsonWireOrder(int[] slots)
    {
        _slots = slots;
        int max = -1;
        foreach (int slot in slots)
        {
            if (slot >= 0)
            {
                max = Math.Max(max, slot);
            }
            else
            {
                UnknownListed = Math.Max(UnknownListed, ~slot + 1);
            }
        }

        _listed = new ulong[Math.Max(1, (max >> 6) + 1)];
        foreach (int slot in slots)
        {
            if (slot >= 0)
            {
                _listed[slot >> 6] |= 1UL << slot;
            }
        }
    }

    /// <summary>The slots in wire order.</summary>
    public ReadOnlySpan<int> Slots => _slots;

    /// <summary>How many unknown members (the first ones, in read order) the order lists.</summary>
    public int UnknownListed { get; }

    /// <summary>
    /// The slots, then the index of every property of the object's <paramref name="count"/> that has no slot, in
    /// declaration order: one sequence a writer follows. Computed on first use and kept (every object of a read that came
    /// in this order shares it); two threads computing it at once compute the same array.
    /// </summary>
    /// <param name="count">The number of properties in the object's shape.</param>
    /// <returns>The write sequence.</returns>
    public ReadOnlySpan<int> WriteSequence(int count)
    {
        if (_writeSequence is { } known)
        {
            return known;
        }

        var sequence = new List<int>(count + UnknownListed);
        sequence.AddRange(_slots);
        for (int index = 0; index < count; index++)
        {
            if (!Lists(index))
            {
                sequence.Add(index);
            }
        }

        int[] result = sequence.ToArray();
        _writeSequence = result;
        return result;
    }

    /// <summary>Whether the known property at <paramref name="index"/> has a slot.</summary>
    public bool Lists(int index)
    {
        int word = index >> 6;
        return word < _listed.Length && (_listed[word] & (1UL << index)) != 0;
    }
}

/// <summary>
/// The distinct orders of known properties seen in one read (Kubernetes writes every object of a type in the same Go
/// field order), so a thousand endpoints read in that order share one <see cref="JsonWireOrder"/>. Owned by one
/// <see cref="JsonReadContext"/>.
/// </summary>
internal sealed class JsonWireOrderCache
{
    private readonly Entry?[] _entries = new Entry?[32];

    /// <summary>The order of <paramref name="count"/> known properties packed 8 bits each (index + 1) in two words.</summary>
    public JsonWireOrder Get(JsonObjectShape shape, ulong low, ulong high, int count)
    {
        ulong mixed = (low ^ (high * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)(uint)shape.GetHashCode() ^ ((ulong)count << 58)) * 0x9E3779B97F4A7C15UL;
        ref Entry? slot = ref _entries[(int)(mixed >> 59)];
        Entry? entry = slot;
        if (entry is not null && ReferenceEquals(entry.Shape, shape) && entry.Low == low && entry.High == high && entry.Count == count)
        {
            return entry.Order;
        }

        int[] slots = new int[count];
        for (int i = 0; i < count; i++)
        {
            ulong word = i < 8 ? low : high;
            slots[i] = (int)((word >> (8 * (i & 7))) & 0xFF) - 1;
        }

        var order = new JsonWireOrder(slots);
        slot = new Entry(shape, low, high, count, order);
        return order;
    }

    private sealed class Entry(JsonObjectShape shape, ulong low, ulong high, int count, JsonWireOrder order)
    {
        public JsonObjectShape Shape { get; } = shape;

        public ulong Low { get; } = low;

        public ulong High { get; } = high;

        public int Count { get; } = count;

        public JsonWireOrder Order { get; } = order;
    }
}

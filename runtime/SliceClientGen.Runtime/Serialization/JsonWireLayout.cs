using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// The wire layout of one generated model, everything that writing it back byte for byte needs besides the property
/// values: which properties are present (any number of them: absent stays absent, an explicit null stays null), the
/// order they were read in, and the JSON members its schema does not describe. A model keeps one in a private field;
/// its converter fills it through a <see cref="JsonWireLayoutReader"/> and follows it when writing.
/// </summary>
/// <remarks>
/// Two words: the presence of the first 64 properties, and either nothing (the common case: canonical order, no
/// unknown members), an order shared by every object of a read that came in it, or the object's own details (more
/// properties, unknown members, an order of its own).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonWireLayout
{
    private ulong _present;
    private object? _more;

    internal JsonWireLayout(ulong present, object? more)
    {
        _present = present;
        _more = more;
    }

    /// <summary>Whether the property at <paramref name="index"/> (its position in the shape) was read or set.</summary>
    /// <param name="index">The property's index.</param>
    /// <returns>True when present.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool IsPresent(int index) =>
        index < 64 ? (_present & (1UL << index)) != 0 : _more is Details details && details.IsPresent(index);

    /// <summary>Marks the property at <paramref name="index"/> present (its setter was called).</summary>
    /// <param name="index">The property's index.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MarkPresent(int index)
    {
        if (index < 64)
        {
            _present |= 1UL << index;
        }
        else
        {
            GetDetails().MarkPresent(index);
        }
    }

    /// <summary>True when any property is present or any unknown member is kept.</summary>
    public readonly bool HasContent =>
        _present != 0 || (_more is Details details && (details.HasPresence || details.Unknown is { Count: > 0 }));

    /// <summary>The JSON members the schema does not describe, in the order read (created on first use).</summary>
    public IDictionary<string, JsonElement> UnknownMembers => GetDetails().Unknown ??= new JsonPropertyBag();

    /// <summary>
    /// The order to write the properties in: the slots of the order they were read in (a negative slot stands for an
    /// unknown member: write it with <see cref="WriteUnknownMember"/>), then every property the order does not list, in
    /// declaration order; without a recorded order, simply the declaration order. The writer checks each property's
    /// presence as it comes; unknown members the order does not list follow (<see cref="WriteUnlistedUnknownMembers"/>).
    /// </summary>
    /// <param name="shape">The model's shape.</param>
    /// <returns>Property indexes and unknown-member slots, in write order.</returns>
    public readonly ReadOnlySpan<int> WriteOrder(JsonObjectShape shape) =>
        Recorded is { } order ? order.WriteSequence(shape.Count) : shape.DeclarationOrder;

    /// <summary>Writes the unknown member a negative <see cref="WriteOrder"/> slot stands for, if it is still kept.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="slot">The slot (negative).</param>
    public readonly void WriteUnknownMember(JsonModelOutput writer, int slot)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_more is Details { Unknown: { Reordered: false } unknown } && ~slot < unknown.Count)
        {
            writer.WriteMembers((Unknown: unknown, Position: ~slot), static (json, state) => state.Unknown.WriteAt(json, state.Position));
        }
    }

    /// <summary>Writes the unknown members <see cref="WriteOrder"/> does not list (all of them when there is no order).</summary>
    /// <param name="writer">The output.</param>
    public readonly void WriteUnlistedUnknownMembers(JsonModelOutput writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_more is Details { Unknown: { Count: > 0 } unknown } details)
        {
            int from = details.Order is { } order && !unknown.Reordered ? order.UnknownListed : 0;
            writer.WriteMembers((Unknown: unknown, From: from), static (json, state) => state.Unknown.WriteFrom(json, state.From));
        }
    }

    /// <summary>Whether the unknown members are the same (names and values, in any order) as <paramref name="other"/>'s.</summary>
    private readonly bool UnknownMembersEqual(in JsonWireLayout other) =>
        JsonModelEquality.UnknownMembersEqual(UnknownOrNull, other.UnknownOrNull);

    /// <summary>The number of unknown members kept.</summary>
    public readonly int UnknownMemberCount => UnknownOrNull?.Count ?? 0;

    /// <summary>
    /// Whether <paramref name="other"/> has the same properties present and the same unknown members (names and values,
    /// in any order): everything a generated model's equality compares besides its property values, in one call. The
    /// properties the shape says are created on first access are left out (such a property counts as written when it
    /// is present or has content, so the model compares those itself). The order properties were read in does not count.
    /// </summary>
    /// <param name="other">The other layout.</param>
    /// <param name="shape">The model's shape.</param>
    /// <returns>True when equal.</returns>
    public readonly bool PresenceAndUnknownMembersEqual(in JsonWireLayout other, JsonObjectShape shape)
    {
        if (((_present ^ other._present) & ~shape.CreatedOnFirstAccessWord(0)) != 0)
        {
            return false;
        }

        // The common case: neither has properties past the 64th or unknown members.
        if (_more is not Details && other._more is not Details)
        {
            return true;
        }

        ulong[]? mine = (_more as Details)?.Present;
        ulong[]? theirs = (other._more as Details)?.Present;
        int words = Math.Max(mine?.Length ?? 0, theirs?.Length ?? 0);
        for (int word = 0; word < words; word++)
        {
            if (((WordAt(mine, word) ^ WordAt(theirs, word)) & ~shape.CreatedOnFirstAccessWord(word + 1)) != 0)
            {
                return false;
            }
        }

        return UnknownMembersEqual(other);
    }

    /// <summary>
    /// A hash of what <see cref="PresenceAndUnknownMembersEqual"/> compares: the properties present (those created on
    /// first access left out) and the number of unknown members. Equal layouts hash equal.
    /// </summary>
    /// <param name="shape">The model's shape.</param>
    /// <returns>The hash.</returns>
    public readonly int PresenceAndUnknownMembersHash(JsonObjectShape shape)
    {
        ulong presence = _present & ~shape.CreatedOnFirstAccessWord(0);
        if (_more is not Details details)
        {
            return HashCode.Combine(presence, 0);
        }

        ulong[]? more = details.Present;
        for (int word = 0; more is not null && word < more.Length; word++)
        {
            presence ^= BitOperations.RotateLeft(more[word] & ~shape.CreatedOnFirstAccessWord(word + 1), 7 * (word + 1));
        }

        return HashCode.Combine(presence, details.Unknown?.Count ?? 0);
    }

    private readonly JsonPropertyBag? UnknownOrNull => (_more as Details)?.Unknown;

    private static ulong WordAt(ulong[]? words, int word) => words is not null && word < words.Length ? words[word] : 0;

    private readonly JsonWireOrder? Recorded => _more as JsonWireOrder ?? (_more as Details)?.Order;

    private Details GetDetails()
    {
        if (_more is Details details)
        {
            return details;
        }

        details = new Details { Order = _more as JsonWireOrder };
        _more = details;
        return details;
    }

    /// <summary>What only some objects have: properties past the 64th, unknown members, an order of their own.</summary>
    internal sealed class Details
    {
        public ulong[]? Present;
        public JsonPropertyBag? Unknown;
        public JsonWireOrder? Order;

        public bool HasPresence => Present is not null && Array.Exists(Present, word => word != 0);

        public bool IsPresent(int index)
        {
            int word = (index >> 6) - 1;
            return Present is not null && word < Present.Length && (Present[word] & (1UL << index)) != 0;
        }

        public void MarkPresent(int index)
        {
            int word = (index >> 6) - 1;
            if (Present is null || word >= Present.Length)
            {
                Array.Resize(ref Present, word + 1);
            }

            Present[word] |= 1UL << index;
        }
    }
}

/// <summary>
/// Records an object's wire layout while its generated converter reads it: presence, order and unknown members, for
/// any number of properties. Nothing is allocated while the order is canonical (known properties in declaration
/// order, unknown members last); an order of known properties only is shared within the read
/// (<see cref="JsonReadContext"/>). Also knows the property being read, for error paths.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct JsonWireLayoutReader
{
    private const int NoProperty = -2;
    private const int UnknownProperty = -1;
    private const int MaxPacked = 16;
    private const int MaxPackedIndex = 254;

    private readonly JsonObjectShape _shape;
    private readonly JsonReadContext _context;
    private ulong _present;
    private JsonWireLayout.Details? _details;
    private int _current;
    private string? _unknownName;

    // The fast path's guard: the lowest index that keeps the order canonical, or int.MaxValue once the order is
    // anything else (then _mode says what, and _end is where the canonical part ended).
    private int _next;
    private int _end;
    private Mode _mode;
    private ulong _low;
    private ulong _high;
    private int _count;
    private List<int>? _slots;

    /// <summary>Starts reading an object.</summary>
    /// <param name="shape">The model's shape.</param>
    /// <param name="context">The read's context.</param>
    public JsonWireLayoutReader(JsonObjectShape shape, JsonReadContext context)
    {
        _shape = shape;
        _context = context;
        _present = 0;
        _details = null;
        _current = NoProperty;
        _unknownName = null;
        _next = 0;
        _end = 0;
        _mode = Mode.Canonical;
        _low = 0;
        _high = 0;
        _count = 0;
        _slots = null;
    }

    private enum Mode : byte
    {
        /// <summary>Known properties in declaration order so far.</summary>
        Canonical,

        /// <summary>Canonical, then unknown members (still canonical: they are written last).</summary>
        UnknownLast,

        /// <summary>Known properties only, out of declaration order: packed 8 bits each (index + 1).</summary>
        Packed,

        /// <summary>Anything else: the slots one by one.</summary>
        Spelled,
    }

    /// <summary>The JSON name of the property whose value is being read, or null between properties.</summary>
    public readonly string? Current => _current >= 0 ? _shape.NameOf(_current) : _current == UnknownProperty ? _unknownName : null;

    /// <summary>Advances to the next property name (checking the object's structure) or to the end of the object.</summary>
    /// <param name="reader">The reader, on the object's start or on the previous value's last token.</param>
    /// <returns>True on a property name; false at the end of the object.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool NextProperty(ref Utf8JsonReader reader)
    {
        _current = NoProperty;
        return JsonModelReader.NextProperty(ref reader);
    }

    /// <summary>Records the property under the reader and moves to its value.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="index">The property's index in the shape (from the converter's name lookup), or -1 for an unknown member.</param>
    /// <returns><paramref name="index"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int MoveToValue(ref Utf8JsonReader reader, int index)
    {
        // The common case, inlined: the next known property in declaration order.
        if (index >= _next && index < 64)
        {
            _next = index + 1;
            _present |= 1UL << index;
        }
        else
        {
            RecordSlow(ref reader, index);
        }

        _current = index;
        JsonModelReader.MoveToValue(ref reader);
        return index;
    }

    /// <summary>Reads the value of the unknown member under the reader and keeps it.</summary>
    /// <param name="reader">The reader, on the value.</param>
    public void ReadUnknownValue(ref Utf8JsonReader reader)
    {
        JsonPropertyBag unknown = (_details ??= new JsonWireLayout.Details()).Unknown ??= new JsonPropertyBag();
        unknown.AppendRead(_unknownName!, JsonElement.ParseValue(ref reader));
    }

    /// <summary>The layout read.</summary>
    /// <returns>The layout, for the model's field.</returns>
    public readonly JsonWireLayout Complete()
    {
        JsonWireOrder? order = _mode switch
        {
            Mode.Packed => _context.Orders.Get(_shape, _low, _high, _count),
            Mode.Spelled => new JsonWireOrder(_slots!.ToArray()),
            _ => null,
        };
        if (_details is null)
        {
            return new JsonWireLayout(_present, order);
        }

        _details.Order = order;
        return new JsonWireLayout(_present, _details);
    }

    private void RecordSlow(ref Utf8JsonReader reader, int index)
    {
        if (index < 0)
        {
            _unknownName = reader.GetString()!;
            int position = _details?.Unknown?.Count ?? 0;
            switch (_mode)
            {
                case Mode.Canonical:
                    Leave(Mode.UnknownLast);
                    break;
                case Mode.Packed:
                    Spell();
                    _slots!.Add(~position);
                    break;
                case Mode.Spelled:
                    _slots!.Add(~position);
                    break;
            }

            return;
        }

        if (IsPresent(index))
        {
            // A duplicate: the value is replaced; the order keeps the first position.
            return;
        }

        switch (_mode)
        {
            case Mode.Canonical when index >= _next:
                // Past the 64th property, still in declaration order.
                _next = index + 1;
                break;
            case Mode.Canonical:
                // The first departure: what came before was canonical, so it is rebuilt from presence.
                Leave(Mode.Packed);
                for (int i = 0; i < _end; i++)
                {
                    if (i != index && IsPresent(i))
                    {
                        Pack(i);
                    }
                }

                Pack(index);
                break;
            case Mode.UnknownLast:
                // A known property after unknown members: spelled out (canonical part, unknown members, this one).
                Spell();
                _slots!.Add(index);
                break;
            case Mode.Packed:
                Pack(index);
                break;
            default:
                _slots!.Add(index);
                break;
        }

        MarkPresent(index);
    }

    private void Leave(Mode mode)
    {
        _end = _next;
        _next = int.MaxValue;
        _mode = mode;
    }

    private void Pack(int index)
    {
        if (_mode == Mode.Spelled)
        {
            _slots!.Add(index);
            return;
        }

        if (index > MaxPackedIndex || _count == MaxPacked)
        {
            Spell();
            _slots!.Add(index);
            return;
        }

        ulong entry = (ulong)(index + 1) << (8 * (_count & 7));
        if (_count < 8)
        {
            _low |= entry;
        }
        else
        {
            _high |= entry;
        }

        _count++;
    }

    /// <summary>Switches to spelling the order out, starting with what was recorded so far.</summary>
    private void Spell()
    {
        var slots = new List<int>(Math.Max(8, _count + 4));
        if (_mode == Mode.Packed)
        {
            for (int i = 0; i < _count; i++)
            {
                ulong word = i < 8 ? _low : _high;
                slots.Add((int)((word >> (8 * (i & 7))) & 0xFF) - 1);
            }
        }
        else
        {
            // Canonical so far (UnknownLast): the known properties read before the unknown members, then those.
            for (int i = 0; i < _end; i++)
            {
                if (IsPresent(i))
                {
                    slots.Add(i);
                }
            }

            int unknown = _details?.Unknown?.Count ?? 0;
            for (int n = 0; n < unknown; n++)
            {
                slots.Add(~n);
            }
        }

        _slots = slots;
        _mode = Mode.Spelled;
    }

    private readonly bool IsPresent(int index) =>
        index < 64 ? (_present & (1UL << index)) != 0 : _details is not null && _details.IsPresent(index);

    private void MarkPresent(int index)
    {
        if (index < 64)
        {
            _present |= 1UL << index;
        }
        else
        {
            (_details ??= new JsonWireLayout.Details()).MarkPresent(index);
        }
    }
}

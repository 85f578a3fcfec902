using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// A cached slice's endpoints, held as one array of small records instead of an object graph per endpoint (an
/// <see cref="Endpoint"/>, its address list, its conditions and its targetRef): the address, the pooled node, zone,
/// hostname and target strings, and the conditions in one byte. Reading an item builds an equal <see cref="Endpoint"/>
/// (a new object on every read, writing its JSON members in the model's order rather than the order they were read);
/// the list is read-only, as an informer's cached objects are. An endpoint the compact
/// record cannot reproduce exactly (several addresses, hints, deprecatedTopology, a targetRef with other fields,
/// unknown members, explicit nulls) is kept as it was read.
/// </summary>
internal sealed class CompactEndpoints : IList<Endpoint>, IReadOnlyList<Endpoint>
{
    private const byte HasConditions = 1;
    private const byte HasReady = 2;
    private const byte Ready = 4;
    private const byte HasServing = 8;
    private const byte Serving = 16;
    private const byte HasTerminating = 32;
    private const byte Terminating = 64;
    private const byte HasTarget = 128;

    private readonly Entry[] _entries;

    // The endpoints kept as read (null when every endpoint is compact; else null where the entry is compact).
    private readonly Endpoint?[]? _kept;

    private CompactEndpoints(Entry[] entries, Endpoint?[]? kept)
    {
        _entries = entries;
        _kept = kept;
    }

    public int Count => _entries.Length;

    public bool IsReadOnly => true;

    public Endpoint this[int index]
    {
        get => _kept?[index] ?? Build(in _entries[index]);
        set => throw ReadOnly();
    }

    /// <summary>The compact form of <paramref name="endpoints"/> (strings already pooled by the caller).</summary>
    /// <param name="endpoints">The endpoints as read.</param>
    /// <returns>The list to store.</returns>
    public static CompactEndpoints From(IList<Endpoint> endpoints)
    {
        var entries = new Entry[endpoints.Count];
        Endpoint?[]? kept = null;
        for (int i = 0; i < entries.Length; i++)
        {
            Endpoint endpoint = endpoints[i];
            if (TryCompact(endpoint, out Entry entry))
            {
                entries[i] = entry;
            }
            else
            {
                kept ??= new Endpoint?[entries.Length];
                kept[i] = endpoint;
            }
        }

        return new CompactEndpoints(entries, kept);
    }

    /// <summary>
    /// The view's form of the endpoint at <paramref name="index"/>, straight from its record (no <see cref="Endpoint"/>
    /// is built); null when it has no address.
    /// </summary>
    public ServiceEndpoint? ToServiceEndpoint(int index, string addressType, ServicePort port, string sliceName)
    {
        if (_kept?[index] is { } kept)
        {
            return kept.Addresses is { Count: > 0 } addresses ? EndpointSliceMerge.ToServiceEndpoint(kept, addresses[0], addressType, port, sliceName) : null;
        }

        ref readonly Entry entry = ref _entries[index];
        byte flags = entry.Flags;
        bool ready = (flags & HasReady) == 0 || (flags & Ready) != 0;
        bool serving = (flags & HasServing) == 0 ? ready : (flags & Serving) != 0;
        bool terminating = (flags & HasTerminating) != 0 && (flags & Terminating) != 0;
        EndpointTarget? target = (flags & HasTarget) == 0 ? null : new EndpointTarget(entry.TargetKind, entry.TargetNamespace, entry.TargetName, entry.TargetUid);
        return new ServiceEndpoint(entry.Address, addressType, port, ready, serving, terminating, entry.Hostname, entry.NodeName, entry.Zone, target, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, sliceName);
    }

    /// <summary>How many endpoints are held as read, not compact (for tests).</summary>
    internal int KeptCount
    {
        get
        {
            int count = 0;
            foreach (Endpoint? endpoint in _kept ?? [])
            {
                count += endpoint is null ? 0 : 1;
            }

            return count;
        }
    }

    public IEnumerator<Endpoint> GetEnumerator()
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(Endpoint item)
    {
        for (int i = 0; i < _entries.Length; i++)
        {
            if (this[i].Equals(item))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(Endpoint item) => IndexOf(item) >= 0;

    public void CopyTo(Endpoint[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (int i = 0; i < _entries.Length; i++)
        {
            array[arrayIndex + i] = this[i];
        }
    }

    public void Add(Endpoint item) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    public void Insert(int index, Endpoint item) => throw ReadOnly();

    public bool Remove(Endpoint item) => throw ReadOnly();

    public void RemoveAt(int index) => throw ReadOnly();

    private static NotSupportedException ReadOnly() =>
        new("The endpoints of a cached EndpointSlice are read-only (informer caches are shared); copy the slice to change it.");

    private static bool TryCompact(Endpoint endpoint, out Entry entry)
    {
        entry = default;

        // Exact or not at all: anything the record leaves out (unknown members, explicit nulls, hints, other targetRef
        // fields) is seen in the models' wire layouts, and the endpoint is kept as read. Read order is not part of it:
        // a rebuilt endpoint writes its members in the model's order (Equals ignores order too).
        if (endpoint.Addresses is not { Count: 1 } addresses || addresses[0] is not { } address
            || !endpoint.HasCompactLayout
            || endpoint.Conditions is { HasCompactLayout: false }
            || endpoint.TargetRef is { HasCompactLayout: false })
        {
            return false;
        }

        byte flags = 0;
        if (endpoint.Conditions is { } conditions)
        {
            flags |= HasConditions;
            flags |= Condition(conditions.Ready, HasReady, Ready);
            flags |= Condition(conditions.Serving, HasServing, Serving);
            flags |= Condition(conditions.Terminating, HasTerminating, Terminating);
        }

        ObjectReference? target = endpoint.TargetRef;
        if (target is not null)
        {
            flags |= HasTarget;
        }

        entry = new Entry(address, endpoint.Hostname, endpoint.NodeName, endpoint.Zone, target?.Kind, target?.Namespace, target?.Name, target?.Uid, flags);
        return true;
    }

    private static byte Condition(bool? value, byte has, byte set) => value switch
    {
        null => 0,
        true => (byte)(has | set),
        false => has,
    };

    private static Endpoint Build(in Entry entry)
    {
        var endpoint = new Endpoint { Addresses = new List<string>(1) { entry.Address } };
        byte flags = entry.Flags;
        if ((flags & HasConditions) != 0)
        {
            var conditions = new EndpointConditions();
            if ((flags & HasReady) != 0)
            {
                conditions.Ready = (flags & Ready) != 0;
            }

            if ((flags & HasServing) != 0)
            {
                conditions.Serving = (flags & Serving) != 0;
            }

            if ((flags & HasTerminating) != 0)
            {
                conditions.Terminating = (flags & Terminating) != 0;
            }

            endpoint.Conditions = conditions;
        }

        if (entry.Hostname is { } hostname)
        {
            endpoint.Hostname = hostname;
        }

        if (entry.NodeName is { } nodeName)
        {
            endpoint.NodeName = nodeName;
        }

        if (entry.Zone is { } zone)
        {
            endpoint.Zone = zone;
        }

        if ((flags & HasTarget) != 0)
        {
            var target = new ObjectReference();
            if (entry.TargetKind is { } kind)
            {
                target.Kind = kind;
            }

            if (entry.TargetNamespace is { } ns)
            {
                target.Namespace = ns;
            }

            if (entry.TargetName is { } name)
            {
                target.Name = name;
            }

            if (entry.TargetUid is { } uid)
            {
                target.Uid = uid;
            }

            endpoint.TargetRef = target;
        }

        return endpoint;
    }

    /// <summary>One endpoint: 8 references and a byte of conditions (72 bytes in the array), the strings shared with the pool.</summary>
    private readonly struct Entry(string address, string? hostname, string? nodeName, string? zone, string? targetKind, string? targetNamespace, string? targetName, string? targetUid, byte flags)
    {
        public string Address { get; } = address;

        public string? Hostname { get; } = hostname;

        public string? NodeName { get; } = nodeName;

        public string? Zone { get; } = zone;

        public string? TargetKind { get; } = targetKind;

        public string? TargetNamespace { get; } = targetNamespace;

        public string? TargetName { get; } = targetName;

        public string? TargetUid { get; } = targetUid;

        public byte Flags { get; } = flags;
    }
}

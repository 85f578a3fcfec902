using System;
using System.Collections.Immutable;
using System.Linq;

namespace SliceClientGen.EndpointSlices;

/// <summary>What an endpoint points at (its targetRef): usually a Pod.</summary>
/// <param name="Kind">The object's kind.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Uid">Its uid.</param>
public sealed record EndpointTarget(string? Kind, string? Namespace, string? Name, string? Uid);

/// <summary>
/// One endpoint of a Service for one port: an address merged from all of the Service's slices (an address that
/// appears in several slices counts once). Conditions are resolved as the API documents them: a missing
/// <c>ready</c> means ready, a missing <c>serving</c> follows <c>ready</c>, a missing <c>terminating</c> means not
/// terminating.
/// </summary>
public sealed record ServiceEndpoint
{
    /// <summary>Creates an endpoint.</summary>
    /// <param name="address">The address (the first of the endpoint's addresses, as kube-proxy uses).</param>
    /// <param name="addressType">IPv4, IPv6 or FQDN (the slice's address type).</param>
    /// <param name="port">The port.</param>
    /// <param name="ready">The resolved ready condition.</param>
    /// <param name="serving">The resolved serving condition.</param>
    /// <param name="terminating">The resolved terminating condition.</param>
    /// <param name="hostname">The endpoint's hostname.</param>
    /// <param name="nodeName">The node it runs on.</param>
    /// <param name="zone">Its zone.</param>
    /// <param name="target">Its targetRef.</param>
    /// <param name="forZones">Topology hints: the zones it should serve.</param>
    /// <param name="forNodes">Topology hints: the nodes it should serve.</param>
    /// <param name="slice">The slice this copy came from.</param>
    public ServiceEndpoint(string address, string addressType, ServicePort port, bool ready, bool serving, bool terminating, string? hostname, string? nodeName, string? zone, EndpointTarget? target, ImmutableArray<string> forZones, ImmutableArray<string> forNodes, string slice)
    {
        Address = address;
        AddressType = addressType;
        Port = port;
        Ready = ready;
        Serving = serving;
        Terminating = terminating;
        Hostname = hostname;
        NodeName = nodeName;
        Zone = zone;
        Target = target;
        ForZones = forZones.IsDefault ? ImmutableArray<string>.Empty : forZones;
        ForNodes = forNodes.IsDefault ? ImmutableArray<string>.Empty : forNodes;
        Slice = slice;
    }

    /// <summary>The address.</summary>
    public string Address { get; }

    /// <summary>IPv4, IPv6 or FQDN.</summary>
    public string AddressType { get; }

    /// <summary>The port (name, protocol, number, appProtocol) of the slice this copy came from.</summary>
    public ServicePort Port { get; }

    /// <summary>Ready to receive traffic (a missing condition means ready).</summary>
    public bool Ready { get; }

    /// <summary>Serving (a missing condition follows <see cref="Ready"/>).</summary>
    public bool Serving { get; }

    /// <summary>Terminating (a missing condition means false).</summary>
    public bool Terminating { get; }

    /// <summary>The hostname.</summary>
    public string? Hostname { get; }

    /// <summary>The node.</summary>
    public string? NodeName { get; }

    /// <summary>The zone.</summary>
    public string? Zone { get; }

    /// <summary>The targetRef.</summary>
    public EndpointTarget? Target { get; }

    /// <summary>Zones this endpoint should serve (topology-aware routing hints); empty when none.</summary>
    public ImmutableArray<string> ForZones { get; }

    /// <summary>Nodes this endpoint should serve (hints); empty when none.</summary>
    public ImmutableArray<string> ForNodes { get; }

    /// <summary>The slice the winning copy came from (not part of equality: a move between slices changes nothing).</summary>
    public string Slice { get; }

    /// <summary>The endpoint's identity within a Service: address, port name and protocol (kube-proxy's key).</summary>
    public (string Address, string PortName, string Protocol) Key => (Address, Port.Name, Port.Protocol);

    /// <inheritdoc />
    public bool Equals(ServiceEndpoint? other) =>
        other is not null
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(AddressType, other.AddressType, StringComparison.Ordinal)
        && Port.Equals(other.Port)
        && Ready == other.Ready
        && Serving == other.Serving
        && Terminating == other.Terminating
        && string.Equals(Hostname, other.Hostname, StringComparison.Ordinal)
        && string.Equals(NodeName, other.NodeName, StringComparison.Ordinal)
        && string.Equals(Zone, other.Zone, StringComparison.Ordinal)
        && Equals(Target, other.Target)
        && ForZones.SequenceEqual(other.ForZones, StringComparer.Ordinal)
        && ForNodes.SequenceEqual(other.ForNodes, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, Port, Ready, Serving, Terminating, NodeName, Zone);

    /// <inheritdoc />
    public override string ToString() =>
        Address + " " + Port + (Ready ? " ready" : string.Empty) + (Serving ? " serving" : string.Empty) + (Terminating ? " terminating" : string.Empty);

    internal static int Compare(ServiceEndpoint left, ServiceEndpoint right)
    {
        int c = left.Port.CompareTo(right.Port);
        c = c != 0 ? c : string.CompareOrdinal(left.AddressType, right.AddressType);
        return c != 0 ? c : string.CompareOrdinal(left.Address, right.Address);
    }
}

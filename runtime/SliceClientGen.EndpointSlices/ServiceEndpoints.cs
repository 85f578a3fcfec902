using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// An immutable snapshot of one Service's endpoints, merged from all of its EndpointSlices: its ports and, per port,
/// its endpoints (each address once). Snapshots compare structurally (<see cref="Equals(ServiceEndpoints?)"/>: ports
/// and endpoints; not the resourceVersion or how the endpoints are spread over slices) and <see cref="DiffFrom"/> an
/// older snapshot.
/// </summary>
public sealed class ServiceEndpoints : IEquatable<ServiceEndpoints>
{
    internal ServiceEndpoints(ServiceKey service, ImmutableArray<ServicePort> ports, ImmutableArray<ServiceEndpoint> endpoints, int sliceCount, string? resourceVersion)
    {
        Service = service;
        Ports = ports;
        Endpoints = endpoints;
        SliceCount = sliceCount;
        ResourceVersion = resourceVersion;
    }

    /// <summary>The Service.</summary>
    public ServiceKey Service { get; }

    /// <summary>The distinct ports the Service's slices declare, ordered by name, protocol and number.</summary>
    public ImmutableArray<ServicePort> Ports { get; }

    /// <summary>Every endpoint, ordered by port, address type and address.</summary>
    public ImmutableArray<ServiceEndpoint> Endpoints { get; }

    /// <summary>How many slices the snapshot merges.</summary>
    public int SliceCount { get; }

    /// <summary>The informer's resourceVersion when the snapshot was computed: the Service's slices were exactly these then.</summary>
    public string? ResourceVersion { get; }

    /// <summary>The address types present (IPv4, IPv6, FQDN).</summary>
    public IEnumerable<string> AddressTypes => Endpoints.Select(e => e.AddressType).Distinct(StringComparer.Ordinal);

    /// <summary>The endpoints of one port.</summary>
    /// <param name="portName">The port's name ("" for an unnamed port).</param>
    /// <param name="protocol">The protocol; defaults to TCP.</param>
    /// <returns>The endpoints, ordered by address type and address.</returns>
    public ImmutableArray<ServiceEndpoint> EndpointsFor(string portName, string protocol = "TCP") =>
        Endpoints.Where(e => e.Port.Name == portName && e.Port.Protocol == protocol).ToImmutableArray();

    /// <summary>The ready endpoints of one port: where traffic should go.</summary>
    /// <param name="portName">The port's name ("" for an unnamed port).</param>
    /// <param name="protocol">The protocol; defaults to TCP.</param>
    /// <returns>The endpoints.</returns>
    public ImmutableArray<ServiceEndpoint> ReadyEndpoints(string portName, string protocol = "TCP") =>
        Endpoints.Where(e => e.Ready && e.Port.Name == portName && e.Port.Protocol == protocol).ToImmutableArray();

    /// <summary>
    /// Where kube-proxy sends traffic for one port: the ready endpoints, or, when none is ready, the serving ones that
    /// are terminating (so connections drain instead of failing).
    /// </summary>
    /// <param name="portName">The port's name.</param>
    /// <param name="protocol">The protocol; defaults to TCP.</param>
    /// <returns>The endpoints.</returns>
    public ImmutableArray<ServiceEndpoint> UsableEndpoints(string portName, string protocol = "TCP")
    {
        ImmutableArray<ServiceEndpoint> ready = ReadyEndpoints(portName, protocol);
        return ready.Length > 0
            ? ready
            : Endpoints.Where(e => e.Serving && e.Terminating && e.Port.Name == portName && e.Port.Protocol == protocol).ToImmutableArray();
    }

    /// <summary>What changed from <paramref name="previous"/> (null: the Service had no endpoints) to this snapshot.</summary>
    /// <param name="previous">The older snapshot.</param>
    /// <returns>The difference.</returns>
    public ServiceEndpointsDiff DiffFrom(ServiceEndpoints? previous) => ServiceEndpointsDiff.Between(previous, this);

    /// <inheritdoc />
    public bool Equals(ServiceEndpoints? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Service.Equals(other.Service) && Ports.SequenceEqual(other.Ports) && Endpoints.SequenceEqual(other.Endpoints)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ServiceEndpoints);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Service, Ports.Length, Endpoints.Length);

    /// <inheritdoc />
    public override string ToString() => Service + ": " + Endpoints.Length + " endpoints, " + Ports.Length + " ports";
}

/// <summary>The difference between two snapshots of a Service.</summary>
/// <param name="Added">Endpoints that appeared (by address, port name and protocol).</param>
/// <param name="Removed">Endpoints that are gone.</param>
/// <param name="Changed">Endpoints whose conditions, port number, node, zone, hints or target changed: (old, new).</param>
/// <param name="PortsChanged">The Service's ports changed (a port-only change is a change).</param>
public sealed record ServiceEndpointsDiff(
    ImmutableArray<ServiceEndpoint> Added,
    ImmutableArray<ServiceEndpoint> Removed,
    ImmutableArray<(ServiceEndpoint Old, ServiceEndpoint New)> Changed,
    bool PortsChanged)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Added.IsEmpty && Removed.IsEmpty && Changed.IsEmpty && !PortsChanged;

    internal static ServiceEndpointsDiff Between(ServiceEndpoints? previous, ServiceEndpoints? current)
    {
        ImmutableArray<ServiceEndpoint> before = previous?.Endpoints ?? ImmutableArray<ServiceEndpoint>.Empty;
        ImmutableArray<ServiceEndpoint> after = current?.Endpoints ?? ImmutableArray<ServiceEndpoint>.Empty;
        var old = new Dictionary<(string, string, string), ServiceEndpoint>(before.Length);
        foreach (ServiceEndpoint endpoint in before)
        {
            old[endpoint.Key] = endpoint;
        }

        var added = ImmutableArray.CreateBuilder<ServiceEndpoint>();
        var changed = ImmutableArray.CreateBuilder<(ServiceEndpoint, ServiceEndpoint)>();
        foreach (ServiceEndpoint endpoint in after)
        {
            if (!old.Remove(endpoint.Key, out ServiceEndpoint? was))
            {
                added.Add(endpoint);
            }
            else if (!was.Equals(endpoint))
            {
                changed.Add((was, endpoint));
            }
        }

        var removed = before.Where(e => old.ContainsKey(e.Key)).ToImmutableArray();
        bool portsChanged = !(previous?.Ports ?? ImmutableArray<ServicePort>.Empty).SequenceEqual(current?.Ports ?? ImmutableArray<ServicePort>.Empty);
        return new ServiceEndpointsDiff(added.ToImmutable(), removed, changed.ToImmutable(), portsChanged);
    }
}

/// <summary>A change of one Service's endpoints, as a view subscriber receives it.</summary>
/// <param name="Service">The Service.</param>
/// <param name="Previous">What the subscriber saw last (null: nothing, the Service is new to it).</param>
/// <param name="Current">The snapshot now (null: the Service has no slices any more).</param>
/// <param name="Diff">From <paramref name="Previous"/> to <paramref name="Current"/>.</param>
public sealed record ServiceEndpointsChange(ServiceKey Service, ServiceEndpoints? Previous, ServiceEndpoints? Current, ServiceEndpointsDiff Diff);

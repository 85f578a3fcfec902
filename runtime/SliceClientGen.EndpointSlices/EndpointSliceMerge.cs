using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// Merges a Service's EndpointSlices into one snapshot with kube-proxy's rules (<c>pkg/proxy/endpointslicecache.go</c>):
/// slices are taken in name order; ports come from each slice; an endpoint present in several slices counts once
/// (key: its first address, the port's name and protocol), and the non-terminating, then ready, then serving copy
/// wins (on a tie, the first slice's); conditions are resolved as the API documents them; FQDN slices are kept.
/// </summary>
internal static class EndpointSliceMerge
{
    public const string DefaultProtocol = "TCP";

    public static ServiceEndpoints Merge(ServiceKey service, IReadOnlyCollection<EndpointSlice> slices, string? resourceVersion)
    {
        var ordered = new List<EndpointSlice>(slices);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.Metadata?.Name, b.Metadata?.Name));
        var ports = new SortedSet<ServicePort>();
        var endpoints = new Dictionary<(string, string, string), ServiceEndpoint>();
        foreach (EndpointSlice slice in ordered)
        {
            string sliceName = slice.Metadata?.Name ?? string.Empty;
            IList<EndpointPort>? declared = slice.Ports;
            if (declared is null || declared.Count == 0)
            {
                AddEndpoints(endpoints, slice, sliceName, ServicePort.None);
                continue;
            }

            foreach (EndpointPort port in declared)
            {
                var servicePort = new ServicePort(port.Name ?? string.Empty, port.Protocol ?? DefaultProtocol, port.Port, port.AppProtocol);
                ports.Add(servicePort);
                AddEndpoints(endpoints, slice, sliceName, servicePort);
            }
        }

        var merged = new List<ServiceEndpoint>(endpoints.Values);
        merged.Sort(ServiceEndpoint.Compare);
        return new ServiceEndpoints(service, ImmutableArray.CreateRange(ports), merged.ToImmutableArray(), ordered.Count, resourceVersion);
    }

    private static void AddEndpoints(Dictionary<(string, string, string), ServiceEndpoint> endpoints, EndpointSlice slice, string sliceName, ServicePort port)
    {
        if (slice.Endpoints is not { } list)
        {
            return;
        }

        if (list is CompactEndpoints compact)
        {
            // A cached slice: merge from its records without building an Endpoint per item.
            for (int i = 0; i < compact.Count; i++)
            {
                if (compact.ToServiceEndpoint(i, slice.AddressType ?? string.Empty, port, sliceName) is { } fromRecord
                    && (!endpoints.TryGetValue(fromRecord.Key, out ServiceEndpoint? seen) || Wins(fromRecord, seen)))
                {
                    endpoints[fromRecord.Key] = fromRecord;
                }
            }

            return;
        }

        foreach (Endpoint endpoint in list)
        {
            if (endpoint.Addresses is not { Count: > 0 } addresses)
            {
                continue;
            }

            ServiceEndpoint candidate = ToServiceEndpoint(endpoint, addresses[0], slice.AddressType ?? string.Empty, port, sliceName);
            if (!endpoints.TryGetValue(candidate.Key, out ServiceEndpoint? existing) || Wins(candidate, existing))
            {
                endpoints[candidate.Key] = candidate;
            }
        }
    }

    /// <summary>True when <paramref name="candidate"/> is the better copy of the same endpoint: not terminating, then ready, then serving.</summary>
    internal static bool Wins(ServiceEndpoint candidate, ServiceEndpoint existing)
    {
        if (candidate.Terminating != existing.Terminating)
        {
            return !candidate.Terminating;
        }

        if (candidate.Ready != existing.Ready)
        {
            return candidate.Ready;
        }

        return candidate.Serving && !existing.Serving;
    }

    internal static ServiceEndpoint ToServiceEndpoint(Endpoint endpoint, string address, string addressType, ServicePort port, string sliceName)
    {
        bool ready = endpoint.Conditions?.Ready ?? true;
        bool serving = endpoint.Conditions?.Serving ?? ready;
        bool terminating = endpoint.Conditions?.Terminating ?? false;
        ObjectReference? target = endpoint.TargetRef;
        return new ServiceEndpoint(
            address,
            addressType,
            port,
            ready,
            serving,
            terminating,
            endpoint.Hostname,
            endpoint.NodeName,
            endpoint.Zone,
            target is null ? null : new EndpointTarget(target.Kind, target.Namespace, target.Name, target.Uid),
            Names(endpoint.Hints?.ForZones, static z => z.Name),
            Names(endpoint.Hints?.ForNodes, static n => n.Name),
            sliceName);
    }

    private static ImmutableArray<string> Names<THint>(IList<THint>? hints, Func<THint, string?> nameOf)
    {
        if (hints is null || hints.Count == 0)
        {
            return ImmutableArray<string>.Empty;
        }

        var names = ImmutableArray.CreateBuilder<string>(hints.Count);
        foreach (THint hint in hints)
        {
            if (nameOf(hint) is { } name)
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names.ToImmutable();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using SliceClientGen.EndpointSlices;

namespace SliceExplorer.Explorer;

/// <summary>One row of the per-Service table: a Service's endpoints as the view merged them, each address counted once.</summary>
internal sealed record ServiceSummary(
    string Namespace,
    string Service,
    int Slices,
    int Endpoints,
    int Ready,
    int Serving,
    int Terminating,
    int Duplicates,
    IReadOnlyList<string> AddressTypes,
    IReadOnlyList<string> Zones)
{
    public string Key => Namespace + "/" + Service;
}

/// <summary>
/// Turns the view's snapshots (<see cref="ServiceEndpoints"/>: one entry per address and port, merged across slices
/// with kube-proxy's rules) into table rows: an address counts once whatever its ports, with the conditions of its
/// best copy (not terminating, then ready, then serving), as the view chooses between copies.
/// </summary>
internal static class ServiceSummaries
{
    /// <summary>Every Service of the view, ordered by namespace and name.</summary>
    /// <param name="view">The view.</param>
    /// <param name="slices">The informer's slices, for the copies of an endpoint that the merge dropped (<see cref="ServiceSummary.Duplicates"/>).</param>
    public static IReadOnlyList<ServiceSummary> Summarise(ServiceEndpointsView view, IEnumerable<EndpointSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(slices);
        var copies = new Dictionary<ServiceKey, int>();
        foreach (EndpointSlice slice in slices)
        {
            if (ServiceOf(slice) is { } service)
            {
                copies[service] = copies.GetValueOrDefault(service) + slice.Endpoints.Count(e => e.Addresses is { Count: > 0 });
            }
        }

        return view.Services().Select(snapshot => Summarise(snapshot, copies.GetValueOrDefault(snapshot.Service))).ToList();
    }

    /// <summary>One Service's row.</summary>
    /// <param name="snapshot">The view's snapshot of the Service.</param>
    /// <param name="copies">How many endpoint entries its slices hold (an endpoint in two slices: two); 0 when not known.</param>
    public static ServiceSummary Summarise(ServiceEndpoints snapshot, int copies = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        List<ServiceEndpoint> addresses = Addresses(snapshot);
        return new ServiceSummary(
            snapshot.Service.Namespace,
            snapshot.Service.Name,
            snapshot.SliceCount,
            addresses.Count,
            addresses.Count(e => e.Ready),
            addresses.Count(e => e.Serving),
            addresses.Count(e => e.Terminating),
            Math.Max(0, copies - addresses.Count),
            snapshot.AddressTypes.Order(StringComparer.Ordinal).ToList(),
            addresses.Select(e => e.Zone).OfType<string>().Where(zone => zone.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The Service's endpoints one per address (and address type): the best copy over its ports.</summary>
    public static List<ServiceEndpoint> Addresses(ServiceEndpoints snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var best = new Dictionary<(string, string), ServiceEndpoint>();
        foreach (ServiceEndpoint endpoint in snapshot.Endpoints)
        {
            (string, string) key = (endpoint.AddressType, endpoint.Address);
            if (!best.TryGetValue(key, out ServiceEndpoint? seen) || Rank(endpoint) > Rank(seen))
            {
                best[key] = endpoint;
            }
        }

        return best.Values.ToList();
    }

    private static int Rank(ServiceEndpoint endpoint) => (endpoint.Terminating ? 0 : 4) + (endpoint.Ready ? 2 : 0) + (endpoint.Serving ? 1 : 0);

    private static ServiceKey? ServiceOf(EndpointSlice slice) =>
        slice.Metadata is { Namespace: { } ns, Labels: { } labels } && labels.TryGetValue(ServiceEndpointsView.ServiceNameLabel, out string? name) && name.Length > 0
            ? new ServiceKey(ns, name)
            : null;
}

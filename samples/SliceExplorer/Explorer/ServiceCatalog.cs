using System;
using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Runtime.Watch;
using SliceExplorer.Kube;

namespace SliceExplorer.Explorer;

/// <summary>One Service as its EndpointSlices describe it, endpoints in several slices counted once.</summary>
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
/// The client's view of the cluster's EndpointSlices: filled from a list, kept current by watch events
/// (ADDED and MODIFIED replace, DELETED removes), summarised per Service.
/// </summary>
internal sealed class ServiceCatalog
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<string, EndpointSlice> _slices = new(StringComparer.Ordinal);

    public int SliceCount => _slices.Count;

    public IEnumerable<EndpointSlice> Slices => _slices.Values;

    /// <summary>The highest resourceVersion seen (the embedded server's are numbers), or 0.</summary>
    public long LatestResourceVersion { get; private set; }

    public void Add(EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        _slices[KeyOf(slice)] = slice;
        Observe(slice.Metadata?.ResourceVersion);
    }

    /// <summary>Applies a watch event; bookmarks only move <see cref="LatestResourceVersion"/>.</summary>
    public void Apply(WatchEvent<EndpointSlice> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type == WatchEventType.Added || change.Type == WatchEventType.Modified)
        {
            _slices[KeyOf(change.Object)] = change.Object;
        }
        else if (change.Type == WatchEventType.Deleted)
        {
            _slices.Remove(KeyOf(change.Object));
        }

        Observe(change.ResourceVersion ?? change.Object.Metadata?.ResourceVersion);
    }

    public static string KeyOf(EndpointSlice slice) => (slice.Metadata?.Namespace ?? string.Empty) + "/" + (slice.Metadata?.Name ?? string.Empty);

    public static string ServiceOf(EndpointSlice slice) =>
        slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceNameLabel, out string? name) ? name : "(no service label)";

    /// <summary>Per Service (by namespace and the service-name label), ordered by namespace and name.</summary>
    public IReadOnlyList<ServiceSummary> Summarise() =>
        _slices.Values
            .GroupBy(slice => (Namespace: slice.Metadata?.Namespace ?? string.Empty, Service: ServiceOf(slice)))
            .OrderBy(group => group.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Service, StringComparer.Ordinal)
            .Select(group => Summarise(group.Key.Namespace, group.Key.Service, group.ToList()))
            .ToList();

    /// <summary>
    /// Endpoints are identified by address type and address set: during controller updates the same endpoint can be
    /// in two slices of a Service for a while (the watch delivers changes to different slices at different times).
    /// Duplicates are merged as kube-proxy does: a ready copy wins. Conditions follow the API's defaults: an unset
    /// <c>ready</c> means ready, an unset <c>serving</c> follows <c>ready</c>, an unset <c>terminating</c> means not.
    /// </summary>
    public static ServiceSummary Summarise(string @namespace, string service, IReadOnlyList<EndpointSlice> slices)
    {
        var endpoints = new Dictionary<string, (bool Ready, bool Serving, bool Terminating)>(StringComparer.Ordinal);
        var zones = new SortedSet<string>(StringComparer.Ordinal);
        int copies = 0;
        foreach (EndpointSlice slice in slices)
        {
            foreach (Endpoint endpoint in slice.Endpoints)
            {
                copies++;
                bool ready = endpoint.Conditions?.Ready ?? true;
                bool serving = endpoint.Conditions?.Serving ?? ready;
                bool terminating = endpoint.Conditions?.Terminating ?? false;
                string key = slice.AddressType.Value + ":" + string.Join(",", endpoint.Addresses.Order(StringComparer.Ordinal));
                if (endpoints.TryGetValue(key, out var seen))
                {
                    if (ready && !seen.Ready)
                    {
                        endpoints[key] = (ready, serving, terminating);
                    }
                }
                else
                {
                    endpoints.Add(key, (ready, serving, terminating));
                }

                if (endpoint.Zone is { Length: > 0 } zone)
                {
                    zones.Add(zone);
                }
            }
        }

        return new ServiceSummary(
            @namespace,
            service,
            slices.Count,
            endpoints.Count,
            endpoints.Values.Count(e => e.Ready),
            endpoints.Values.Count(e => e.Serving),
            endpoints.Values.Count(e => e.Terminating),
            copies - endpoints.Count,
            slices.Select(slice => slice.AddressType.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            zones.ToList());
    }

    private void Observe(string? resourceVersion)
    {
        if (long.TryParse(resourceVersion, out long value) && value > LatestResourceVersion)
        {
            LatestResourceVersion = value;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// The endpoints of every Service, merged across its EndpointSlices (see <see cref="ServiceEndpoints"/>), kept
/// current by an EndpointSlice informer: slices are grouped by namespace and their <c>kubernetes.io/service-name</c>
/// label (slices without it are ignored and counted in <see cref="IgnoredSlices"/>).
/// </summary>
/// <remarks>
/// The view applies each of the informer's batches synchronously, right after the informer's cache: after each
/// batch, every snapshot equals the merge of the Service's slices at the informer's resourceVersion. Only the Services
/// a batch touches are merged again, and a snapshot that comes out equal is kept (no notification).
/// </remarks>
public sealed class ServiceEndpointsView : IInformerObserver<EndpointSlice>, IDisposable
{
    /// <summary>The label that names a slice's Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly object _lock = new();
    private readonly Dictionary<ObjectKey, ServiceKey?> _sliceService = new();
    private readonly Dictionary<ServiceKey, Dictionary<string, EndpointSlice>> _slices = new();
    private readonly Dictionary<ServiceKey, ServiceEndpoints> _snapshots = new();
    private readonly List<ViewSubscriber> _subscribers = new();
    private readonly IDisposable _registration;
    private string? _resourceVersion;
    private bool _synced;
    private bool _disposed;

    /// <summary>Creates the view and attaches it to <paramref name="informer"/> (started or not).</summary>
    /// <param name="informer">An informer of EndpointSlices (all namespaces or one).</param>
    public ServiceEndpointsView(Informer<EndpointSlice> informer)
    {
        ArgumentNullException.ThrowIfNull(informer);
        _registration = informer.Observe(this);
    }

    /// <summary>The informer's resourceVersion the view is current at.</summary>
    public string? ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>True once the informer's first complete list is in the view.</summary>
    public bool HasSynced
    {
        get
        {
            lock (_lock)
            {
                return _synced;
            }
        }
    }

    /// <summary>How many cached slices have no <c>kubernetes.io/service-name</c> label (they are ignored).</summary>
    public int IgnoredSlices
    {
        get
        {
            lock (_lock)
            {
                int ignored = 0;
                foreach (ServiceKey? service in _sliceService.Values)
                {
                    ignored += service is null ? 1 : 0;
                }

                return ignored;
            }
        }
    }

    /// <summary>Every Service's snapshot, ordered by namespace and name.</summary>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<ServiceEndpoints> Services()
    {
        lock (_lock)
        {
            var all = new List<ServiceEndpoints>(_snapshots.Values);
            all.Sort(static (a, b) => CompareKeys(a.Service, b.Service));
            return all;
        }
    }

    /// <summary>One Service's snapshot.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The Service's name.</param>
    /// <returns>The snapshot, or null when the Service has no slices.</returns>
    public ServiceEndpoints? Get(string @namespace, string name)
    {
        lock (_lock)
        {
            return _snapshots.TryGetValue(new ServiceKey(@namespace, name), out ServiceEndpoints? snapshot) ? snapshot : null;
        }
    }

    /// <summary>
    /// Changes per Service as they happen: first every Service's current snapshot (once synced), then each change.
    /// Coalesced per subscriber: while it has not read a Service's pending change, newer changes of that Service merge
    /// into it (one change from what it saw last to the newest snapshot), so a burst costs a slow reader one change
    /// per Service, and a change that reverts itself costs nothing. Ends when the view is disposed.
    /// </summary>
    /// <param name="service">Only this Service's changes; null for all.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    /// <returns>The changes.</returns>
    public async IAsyncEnumerable<ServiceEndpointsChange> ChangesAsync(ServiceKey? service = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscriber = new ViewSubscriber(service);
        lock (_lock)
        {
            if (_disposed)
            {
                yield break;
            }

            foreach (ServiceEndpoints snapshot in _snapshots.Values)
            {
                subscriber.Notify(snapshot.Service, snapshot);
            }

            _subscribers.Add(subscriber);
        }

        try
        {
            await foreach (ServiceEndpointsChange change in subscriber.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_lock)
            {
                _subscribers.Remove(subscriber);
            }
        }
    }

    /// <summary>Detaches the view from the informer and ends every subscription.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        lock (_lock)
        {
            _disposed = true;
            foreach (ViewSubscriber subscriber in _subscribers)
            {
                subscriber.Complete();
            }

            _subscribers.Clear();
        }
    }

    /// <inheritdoc />
    void IInformerObserver<EndpointSlice>.OnBatch(InformerBatch<EndpointSlice> batch)
    {
        lock (_lock)
        {
            var touched = new HashSet<ServiceKey>();
            foreach (InformerEvent<EndpointSlice> change in batch.Events)
            {
                Apply(change, touched);
            }

            _resourceVersion = batch.ResourceVersion;
            _synced = true;
            foreach (ServiceKey service in touched)
            {
                Recompute(service, batch.ResourceVersion);
            }
        }
    }

    private void Apply(InformerEvent<EndpointSlice> change, HashSet<ServiceKey> touched)
    {
        EndpointSlice slice = change.Object;
        var key = new ObjectKey(slice.Metadata?.Namespace, slice.Metadata?.Name ?? string.Empty);
        if (_sliceService.Remove(key, out ServiceKey? before) && before is { } oldService)
        {
            touched.Add(oldService);
            if (_slices.TryGetValue(oldService, out Dictionary<string, EndpointSlice>? slices))
            {
                slices.Remove(key.Name);
                if (slices.Count == 0)
                {
                    _slices.Remove(oldService);
                }
            }
        }

        if (change.Type == InformerEventType.Deleted)
        {
            return;
        }

        ServiceKey? service = ServiceOf(slice);
        _sliceService[key] = service;
        if (service is { } newService)
        {
            touched.Add(newService);
            if (!_slices.TryGetValue(newService, out Dictionary<string, EndpointSlice>? slices))
            {
                _slices[newService] = slices = new Dictionary<string, EndpointSlice>(StringComparer.Ordinal);
            }

            slices[key.Name] = slice;
        }
    }

    private void Recompute(ServiceKey service, string? resourceVersion)
    {
        _snapshots.TryGetValue(service, out ServiceEndpoints? previous);
        ServiceEndpoints? current = _slices.TryGetValue(service, out Dictionary<string, EndpointSlice>? slices)
            ? EndpointSliceMerge.Merge(service, slices.Values, resourceVersion)
            : null;
        if (current is null)
        {
            if (previous is null)
            {
                return;
            }

            _snapshots.Remove(service);
        }
        else
        {
            if (current.Equals(previous))
            {
                return;
            }

            _snapshots[service] = current;
        }

        foreach (ViewSubscriber subscriber in _subscribers)
        {
            subscriber.Notify(service, current);
        }
    }

    private static ServiceKey? ServiceOf(EndpointSlice slice) =>
        slice.Metadata is { Namespace: { } ns, Labels: { } labels } && labels.TryGetValue(ServiceNameLabel, out string? name) && !string.IsNullOrEmpty(name)
            ? new ServiceKey(ns, name)
            : null;

    private static int CompareKeys(ServiceKey a, ServiceKey b)
    {
        int c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }
}

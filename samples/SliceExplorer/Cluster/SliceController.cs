using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using SliceClientGen.Testing;

namespace SliceExplorer.Cluster;

/// <summary>What one reconciliation wrote.</summary>
internal enum SliceWriteKind
{
    Created,
    Updated,
    Deleted,
}

internal sealed record SliceWrite(SliceWriteKind Kind, ServiceModel Service, SliceModel Slice);

/// <summary>
/// A small EndpointSlice controller over the embedded server's store, following the real one's rules
/// (see the EndpointSlice concepts page): remove endpoints whose Pods are gone and update changed ones; fill the
/// slices that changed anyway with new endpoints; put the rest in new slices, or in one unchanged slice with room
/// for all of them — limiting updates rather than packing slices; delete slices that became empty.
/// </summary>
internal sealed class SliceController
{
    private readonly ObjectStore _store;
    private readonly ApiResource _resource;
    private readonly Random _random;
    private readonly TimeProvider _time;
    private long _lastResourceVersion;

    public SliceController(ObjectStore store, ApiResource resource, Random random, TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _resource = resource ?? throw new ArgumentNullException(nameof(resource));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The server's resource version after this controller's last write (0 before any).</summary>
    public long LastResourceVersion => Interlocked.Read(ref _lastResourceVersion);

    /// <summary>Stores every slice of the model (seeding). Returns the number of slices created.</summary>
    public int CreateAll(ClusterModel model)
    {
        int created = 0;
        foreach (ServiceModel service in model.Services)
        {
            foreach (SliceModel slice in service.Slices)
            {
                _store.Create(_resource, SliceDocuments.Build(service, slice, _time.GetUtcNow()));
                slice.Written = slice.Fingerprint();
                created++;
            }
        }

        Interlocked.Exchange(ref _lastResourceVersion, _store.ResourceVersion);

        return created;
    }

    /// <summary>Brings the Service's slices in line with its Pods and writes what changed.</summary>
    public IReadOnlyList<SliceWrite> Sync(ServiceModel service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var writes = new List<SliceWrite>();
        foreach (string addressType in service.AddressTypes)
        {
            Reconcile(service, addressType);
        }

        foreach (SliceModel slice in service.Slices.ToList())
        {
            if (slice.Written is null)
            {
                _store.Create(_resource, SliceDocuments.Build(service, slice, _time.GetUtcNow()));
                writes.Add(new SliceWrite(SliceWriteKind.Created, service, slice));
            }
            else if (slice.Pods.Count == 0)
            {
                _store.Delete(_resource, service.Namespace, slice.Name);
                service.Slices.Remove(slice);
                writes.Add(new SliceWrite(SliceWriteKind.Deleted, service, slice));
                continue;
            }
            else if (slice.Fingerprint() != slice.Written)
            {
                DateTimeOffset now = _time.GetUtcNow();
                _store.Update(_resource, service.Namespace, slice.Name, json =>
                {
                    json["endpoints"] = SliceDocuments.Endpoints(service, slice);
                    if (json["metadata"]?["annotations"] is JsonObject annotations)
                    {
                        annotations[SliceDocuments.LastChangeAnnotation] = SliceDocuments.Timestamp(now);
                    }
                });
                writes.Add(new SliceWrite(SliceWriteKind.Updated, service, slice));
            }

            slice.Written = slice.Fingerprint();
        }

        Interlocked.Exchange(ref _lastResourceVersion, _store.ResourceVersion);
        return writes;
    }

    private void Reconcile(ServiceModel service, string addressType)
    {
        var live = new HashSet<PodModel>(service.Pods);
        List<SliceModel> slices = service.Slices.Where(slice => slice.AddressType == addressType && slice.Written is not null).ToList();
        var changed = new HashSet<SliceModel>();
        foreach (SliceModel slice in slices)
        {
            slice.Pods.RemoveAll(pod => !live.Contains(pod));
            if (slice.Fingerprint() != slice.Written)
            {
                changed.Add(slice);
            }
        }

        var placed = new HashSet<PodModel>(slices.SelectMany(slice => slice.Pods));
        var pending = new Queue<PodModel>(service.Pods.Where(pod => !placed.Contains(pod)));

        foreach (SliceModel slice in slices.Where(changed.Contains))
        {
            while (pending.Count > 0 && slice.Room > 0)
            {
                slice.Pods.Add(pending.Dequeue());
            }
        }

        while (pending.Count >= ClusterSeeder.MaxEndpointsPerSlice)
        {
            Fill(ClusterSeeder.NewSlice(service, addressType, _random), pending);
        }

        if (pending.Count > 0)
        {
            SliceModel? roomy = slices
                .Where(slice => !changed.Contains(slice) && slice.Pods.Count > 0 && slice.Room >= pending.Count)
                .OrderBy(slice => slice.Room)
                .FirstOrDefault();
            Fill(roomy ?? ClusterSeeder.NewSlice(service, addressType, _random), pending);
        }
    }

    private static void Fill(SliceModel slice, Queue<PodModel> pending)
    {
        while (pending.Count > 0 && slice.Room > 0)
        {
            slice.Pods.Add(pending.Dequeue());
        }
    }
}

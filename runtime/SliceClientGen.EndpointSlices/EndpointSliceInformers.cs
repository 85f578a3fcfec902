using System;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.EndpointSlices;

/// <summary>EndpointSlice informers and the per-Service view, from a <see cref="DiscoveryV1Client"/>.</summary>
public static class EndpointSliceInformers
{
    /// <summary>
    /// Creates an informer of EndpointSlices (not started; the generated <c>Create…Informer</c> factory of the all-namespaces
    /// or namespaced list) whose cache is kept small: unless
    /// <paramref name="options"/> sets its own <see cref="InformerOptions{T}.Transform"/>, <see cref="Compact"/> drops
    /// managedFields and shares repeated strings through the informer's pool.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="namespace">One namespace, or null for all.</param>
    /// <param name="labelSelector">Only slices with these labels (for example <c>kubernetes.io/service-name=web</c>).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>The informer.</returns>
    public static Informer<EndpointSlice> CreateEndpointSliceInformer(this DiscoveryV1Client client, string? @namespace = null, string? labelSelector = null, InformerOptions<EndpointSlice>? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new InformerOptions<EndpointSlice>();
        options.Transform ??= Compact;
        return @namespace is null
            ? client.CreateDiscoveryV1EndpointSliceForAllNamespacesInformer(labelSelector: labelSelector, options: options)
            : client.CreateDiscoveryV1NamespacedEndpointSliceInformer(@namespace, labelSelector: labelSelector, options: options);
    }

    /// <summary>Creates a view of Service endpoints over <paramref name="informer"/> (see <see cref="ServiceEndpointsView"/>).</summary>
    /// <param name="informer">The informer.</param>
    /// <returns>The view.</returns>
    public static ServiceEndpointsView CreateServiceView(this Informer<EndpointSlice> informer) => new(informer);

    /// <summary>
    /// The default transform: drops <c>metadata.managedFields</c> (server-side apply bookkeeping, often the largest
    /// part of a small object) and shares namespaces, label keys and values, zones, node names, port names and
    /// protocols, address types and target kinds through the informer's string pool. Addresses, uids and
    /// resourceVersions are unique and left alone.
    /// </summary>
    /// <param name="slice">The slice as read.</param>
    /// <param name="strings">The informer's pool.</param>
    /// <returns>The same slice.</returns>
    public static EndpointSlice Compact(EndpointSlice slice, StringPool strings)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(strings);
        slice.AddressType = strings.Intern(slice.AddressType)!;
        slice.ApiVersion = strings.Intern(slice.ApiVersion);
        slice.Kind = strings.Intern(slice.Kind);
        if (slice.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            metadata.Namespace = strings.Intern(metadata.Namespace);
            metadata.GenerateName = strings.Intern(metadata.GenerateName);
            strings.InternAll(metadata.Labels);
            strings.InternAll(metadata.Annotations);
            if (metadata.OwnerReferences is { } owners)
            {
                foreach (OwnerReference owner in owners)
                {
                    owner.ApiVersion = strings.Intern(owner.ApiVersion)!;
                    owner.Kind = strings.Intern(owner.Kind)!;
                    owner.Name = strings.Intern(owner.Name)!;
                }
            }
        }

        if (slice.Ports is { } ports)
        {
            foreach (EndpointPort port in ports)
            {
                port.Name = strings.Intern(port.Name);
                port.Protocol = strings.Intern(port.Protocol);
                port.AppProtocol = strings.Intern(port.AppProtocol);
            }
        }

        if (slice.Endpoints is { } endpoints)
        {
            foreach (Endpoint endpoint in endpoints)
            {
                endpoint.NodeName = strings.Intern(endpoint.NodeName);
                endpoint.Zone = strings.Intern(endpoint.Zone);
                if (endpoint.TargetRef is { } target)
                {
                    target.Kind = strings.Intern(target.Kind);
                    target.Namespace = strings.Intern(target.Namespace);
                    target.ApiVersion = strings.Intern(target.ApiVersion);
                }

                if (endpoint.Hints is { } hints)
                {
                    if (hints.ForZones is { } zones)
                    {
                        foreach (ForZone zone in zones)
                        {
                            zone.Name = strings.Intern(zone.Name)!;
                        }
                    }

                    if (hints.ForNodes is { } nodes)
                    {
                        foreach (ForNode node in nodes)
                        {
                            node.Name = strings.Intern(node.Name)!;
                        }
                    }
                }
            }
        }

        return slice;
    }
}

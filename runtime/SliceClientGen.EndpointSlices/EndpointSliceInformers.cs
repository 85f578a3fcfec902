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
    /// managedFields, shares repeated strings through the informer's pool and holds endpoints compactly (cached
    /// slices' endpoint lists are read-only).
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
    /// The default transform (it changes only what is present: an absent property stays absent): drops
    /// <c>metadata.managedFields</c> (server-side apply bookkeeping, often the largest
    /// part of a small object), shares namespaces, label keys and values, zones, node names, port names and
    /// protocols, address types and target kinds through the informer's string pool (addresses, uids and
    /// resourceVersions are unique and left alone), and holds the endpoints compactly: one small record per endpoint
    /// instead of four objects. The slice's <see cref="EndpointSlice.Endpoints"/> is then read-only, and each read of
    /// an item builds an equal <see cref="Endpoint"/> (an endpoint the record cannot reproduce exactly is kept as read).
    /// </summary>
    /// <param name="slice">The slice as read.</param>
    /// <param name="strings">The informer's pool.</param>
    /// <returns>The same slice.</returns>
    public static EndpointSlice Compact(EndpointSlice slice, StringPool strings)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(strings);
        if (slice.AddressType is not null)
        {
            slice.AddressType = strings.Intern(slice.AddressType)!;
        }

        if (slice.ApiVersion is not null)
        {
            slice.ApiVersion = strings.Intern(slice.ApiVersion)!;
        }

        if (slice.Kind is not null)
        {
            slice.Kind = strings.Intern(slice.Kind)!;
        }

        if (slice.Metadata is { } metadata)
        {
            if (metadata.ManagedFields is { Count: > 0 })
            {
                metadata.ManagedFields = null;
            }

            if (metadata.Namespace is not null)
            {
                metadata.Namespace = strings.Intern(metadata.Namespace)!;
            }

            if (metadata.GenerateName is not null)
            {
                metadata.GenerateName = strings.Intern(metadata.GenerateName)!;
            }

            strings.InternAll(metadata.Labels);
            strings.InternAll(metadata.Annotations);
            if (metadata.OwnerReferences is { } owners)
            {
                foreach (OwnerReference owner in owners)
                {
                    if (owner.ApiVersion is not null)
                    {
                        owner.ApiVersion = strings.Intern(owner.ApiVersion)!;
                    }

                    if (owner.Kind is not null)
                    {
                        owner.Kind = strings.Intern(owner.Kind)!;
                    }

                    if (owner.Name is not null)
                    {
                        owner.Name = strings.Intern(owner.Name)!;
                    }
                }
            }
        }

        if (slice.Ports is { } ports)
        {
            foreach (EndpointPort port in ports)
            {
                if (port.Name is not null)
                {
                    port.Name = strings.Intern(port.Name)!;
                }

                if (port.Protocol is not null)
                {
                    port.Protocol = strings.Intern(port.Protocol)!;
                }

                if (port.AppProtocol is not null)
                {
                    port.AppProtocol = strings.Intern(port.AppProtocol)!;
                }
            }
        }

        if (slice.Endpoints is { } endpoints and not CompactEndpoints)
        {
            foreach (Endpoint endpoint in endpoints)
            {
                if (endpoint.NodeName is not null)
                {
                    endpoint.NodeName = strings.Intern(endpoint.NodeName)!;
                }

                if (endpoint.Zone is not null)
                {
                    endpoint.Zone = strings.Intern(endpoint.Zone)!;
                }

                if (endpoint.TargetRef is { } target)
                {
                    if (target.Kind is not null)
                    {
                        target.Kind = strings.Intern(target.Kind)!;
                    }

                    if (target.Namespace is not null)
                    {
                        target.Namespace = strings.Intern(target.Namespace)!;
                    }

                    if (target.ApiVersion is not null)
                    {
                        target.ApiVersion = strings.Intern(target.ApiVersion)!;
                    }
                }

                if (endpoint.Hints is { } hints)
                {
                    if (hints.ForZones is { } zones)
                    {
                        foreach (ForZone zone in zones)
                        {
                            if (zone.Name is not null)
                            {
                                zone.Name = strings.Intern(zone.Name)!;
                            }
                        }
                    }

                    if (hints.ForNodes is { } nodes)
                    {
                        foreach (ForNode node in nodes)
                        {
                            if (node.Name is not null)
                            {
                                node.Name = strings.Intern(node.Name)!;
                            }
                        }
                    }
                }
            }

            if (endpoints.Count > 0)
            {
                slice.Endpoints = CompactEndpoints.From(endpoints);
            }
        }

        return slice;
    }
}

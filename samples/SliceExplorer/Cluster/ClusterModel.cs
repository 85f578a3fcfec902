using System;
using System.Collections.Generic;
using System.Linq;

namespace SliceExplorer.Cluster;

/// <summary>
/// The simulated cluster behind the embedded server: Services, their Pods and the EndpointSlices an EndpointSlice
/// controller keeps for them. The seeder builds it; the churn changes it and writes what changed to the server.
/// </summary>
internal sealed class ClusterModel
{
    public ClusterModel(IReadOnlyList<ServiceModel> services, AddressAllocator addresses)
    {
        Services = services;
        Addresses = addresses;
    }

    public IReadOnlyList<ServiceModel> Services { get; }

    /// <summary>Where new Pods get their addresses (shared by the seeder and the churn, so none repeats).</summary>
    public AddressAllocator Addresses { get; }

    public IEnumerable<SliceModel> Slices => Services.SelectMany(service => service.Slices);

    public ServiceModel? Find(string @namespace, string name) =>
        Services.FirstOrDefault(service => service.Namespace == @namespace && service.Name == name);
}

/// <summary>A port of a Service, as its slices list it.</summary>
internal sealed record PortModel(string Name, int Port, string Protocol = "TCP", string? AppProtocol = null);

/// <summary>A Service: its identity, address families, ports and the Pods it selects.</summary>
internal sealed class ServiceModel
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    /// <summary>IPv4, IPv6 (dual stack: both) or FQDN.</summary>
    public required IReadOnlyList<string> AddressTypes { get; init; }

    public required IReadOnlyList<PortModel> Ports { get; init; }

    /// <summary>The value of <c>endpointslice.kubernetes.io/managed-by</c> on its slices.</summary>
    public string ManagedBy { get; init; } = ClusterSeeder.ControllerName;

    /// <summary>Topology-aware routing: each endpoint gets a zone hint.</summary>
    public bool ZoneHints { get; init; }

    /// <summary>A headless Service of a StatefulSet: endpoints carry hostnames.</summary>
    public bool Headless { get; init; }

    /// <summary>The pod-template-hash of the Pods now being created (a rolling update changes it).</summary>
    public string TemplateHash { get; set; } = string.Empty;

    public List<PodModel> Pods { get; } = new();

    public List<SliceModel> Slices { get; } = new();

    public string Key => Namespace + "/" + Name;

    /// <summary>Unique endpoints over all slices (a Pod in two slices of a family once; each family separately).</summary>
    public int EndpointCount =>
        AddressTypes.Sum(type => Slices.Where(slice => slice.AddressType == type).SelectMany(slice => slice.Pods).Distinct().Count());
}

/// <summary>A Pod, as far as its endpoints show it.</summary>
internal sealed class PodModel
{
    public required string Name { get; init; }

    public required string Uid { get; init; }

    public required string NodeName { get; init; }

    public required string Zone { get; init; }

    public string? IPv4 { get; init; }

    public string? IPv6 { get; init; }

    public string? Fqdn { get; init; }

    /// <summary>Set for StatefulSet Pods of a headless Service.</summary>
    public string? Hostname { get; init; }

    public bool Ready { get; set; }

    public bool Serving { get; set; }

    public bool Terminating { get; set; }

    public string? AddressFor(string addressType) => addressType switch
    {
        "IPv4" => IPv4,
        "IPv6" => IPv6,
        _ => Fqdn,
    };

    /// <summary>Starting: not ready and not serving yet.</summary>
    public void Start() => (Ready, Serving, Terminating) = (false, false, false);

    /// <summary>Passed its readiness probe.</summary>
    public void BecomeReady() => (Ready, Serving, Terminating) = (true, true, false);

    /// <summary>Deleted, in its grace period: never ready, still serving in-flight requests.</summary>
    public void BeginTermination() => (Ready, Serving, Terminating) = (false, true, true);
}

/// <summary>An EndpointSlice: one address type, at most <see cref="ClusterSeeder.MaxEndpointsPerSlice"/> Pods.</summary>
internal sealed class SliceModel
{
    public required string Name { get; init; }

    public required string AddressType { get; init; }

    public List<PodModel> Pods { get; } = new();

    /// <summary>What the server has, as a <see cref="Fingerprint"/>; null before the slice is created.</summary>
    public string? Written { get; set; }

    public int Room => ClusterSeeder.MaxEndpointsPerSlice - Pods.Count;

    /// <summary>The endpoints and their conditions: a slice whose fingerprint changed must be written.</summary>
    public string Fingerprint() =>
        string.Join("|", Pods.Select(pod => pod.Name + (pod.Ready ? "+r" : "-r") + (pod.Serving ? "+s" : "-s") + (pod.Terminating ? "+t" : "-t")));
}

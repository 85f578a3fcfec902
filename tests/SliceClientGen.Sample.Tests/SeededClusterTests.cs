using System.Text.Json.Nodes;
using SliceExplorer.Cluster;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>The cluster the embedded server is seeded with: realistic, varied and always the same.</summary>
public sealed class SeededClusterTests
{
    private readonly ClusterModel _cluster = ClusterSeeder.Build();

    [Fact]
    public void It_has_20_services_in_5_namespaces_with_2096_endpoints_in_40_slices()
    {
        Assert.Equal(20, _cluster.Services.Count);
        Assert.Equal(5, _cluster.Services.Select(s => s.Namespace).Distinct().Count());
        Assert.Equal(2096, _cluster.Services.Sum(s => s.EndpointCount));
        Assert.Equal(40, _cluster.Slices.Count());
    }

    [Fact]
    public void No_slice_has_more_than_100_endpoints()
    {
        Assert.All(_cluster.Slices, slice => Assert.InRange(slice.Pods.Count, 1, 100));
    }

    [Fact]
    public void It_is_the_same_cluster_every_time()
    {
        ClusterModel again = ClusterSeeder.Build();

        Assert.Equal(Describe(_cluster), Describe(again));
    }

    [Fact]
    public void There_are_IPv4_IPv6_and_FQDN_slices()
    {
        Assert.Equal(new[] { "FQDN", "IPv4", "IPv6" }, _cluster.Slices.Select(s => s.AddressType).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dual_stack_services_have_a_slice_of_each_family_for_the_same_pods()
    {
        ServiceModel web = _cluster.Find("shop", "web")!;

        Assert.Equal(new[] { "IPv4", "IPv6" }, web.AddressTypes);
        Assert.Equal(
            web.Slices.Where(s => s.AddressType == "IPv4").SelectMany(s => s.Pods).Select(p => p.Name).Order(),
            web.Slices.Where(s => s.AddressType == "IPv6").SelectMany(s => s.Pods).Select(p => p.Name).Order());
    }

    [Fact]
    public void Some_endpoints_are_in_two_slices_of_the_same_service()
    {
        ServiceModel cart = _cluster.Find("shop", "cart")!;
        int entries = cart.Slices.Sum(s => s.Pods.Count);

        Assert.Equal(164, entries);
        Assert.Equal(160, cart.EndpointCount);
    }

    [Fact]
    public void Endpoints_are_ready_starting_or_terminating()
    {
        List<PodModel> pods = _cluster.Services.SelectMany(s => s.Pods).ToList();

        Assert.Contains(pods, p => p.Ready && p.Serving && !p.Terminating);
        Assert.Contains(pods, p => !p.Ready && !p.Serving && !p.Terminating);
        Assert.Contains(pods, p => !p.Ready && p.Serving && p.Terminating);
        Assert.Contains(pods, p => !p.Ready && !p.Serving && p.Terminating);
        Assert.InRange(pods.Count(p => p.Ready) / (double)pods.Count, 0.85, 0.97);
    }

    [Fact]
    public void Every_pod_address_is_unique()
    {
        List<string> addresses = _cluster.Services.SelectMany(s => s.Pods)
            .SelectMany(p => new[] { p.IPv4, p.IPv6, p.Fqdn }).OfType<string>().ToList();

        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void Pods_spread_over_three_zones()
    {
        Assert.Equal(ClusterSeeder.Zones, _cluster.Services.SelectMany(s => s.Pods).Select(p => p.Zone).Distinct().Order());
    }

    [Fact]
    public void A_slice_document_has_the_controller_labels_an_owner_reference_and_full_endpoints()
    {
        ServiceModel catalog = _cluster.Find("shop", "catalog")!;
        JsonObject json = SliceDocuments.Build(catalog, catalog.Slices[0], DateTimeOffset.UnixEpoch);

        Assert.Equal("catalog", (string?)json["metadata"]!["labels"]!["kubernetes.io/service-name"]);
        Assert.Equal("endpointslice-controller.k8s.io", (string?)json["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("Service", (string?)json["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal(catalog.Uid, (string?)json["metadata"]!["ownerReferences"]![0]!["uid"]);
        JsonNode endpoint = json["endpoints"]![0]!;
        Assert.Equal("Pod", (string?)endpoint["targetRef"]!["kind"]);
        Assert.NotNull(endpoint["nodeName"]);
        Assert.Equal((string?)endpoint["zone"], (string?)endpoint["hints"]!["forZones"]![0]!["name"]);
    }

    [Fact]
    public void The_FQDN_slice_is_managed_by_another_controller_and_has_host_names_as_addresses()
    {
        ServiceModel legacy = _cluster.Find("data", "legacy-db")!;
        JsonObject json = SliceDocuments.Build(legacy, legacy.Slices[0], DateTimeOffset.UnixEpoch);

        Assert.Equal("FQDN", (string?)json["addressType"]);
        Assert.NotEqual("endpointslice-controller.k8s.io", (string?)json["metadata"]!["labels"]!["endpointslice.kubernetes.io/managed-by"]);
        Assert.EndsWith(".example.com", (string?)json["endpoints"]![0]!["addresses"]![0]);
    }

    private static List<string> Describe(ClusterModel cluster) =>
        cluster.Slices.Select(slice => slice.Name + ":" + string.Join(",", slice.Pods.Select(p => p.Name + "@" + (p.IPv4 ?? p.Fqdn) + "/" + p.Ready))).ToList();
}

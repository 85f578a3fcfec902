using SliceClientGen.EndpointSlices;

namespace SliceClientGen.Informers.Tests;

/// <summary>kube-proxy's merge of a Service's slices (pkg/proxy/endpointslicecache.go), one rule per test.</summary>
public sealed class MergeRuleTests
{
    private static readonly ServiceKey Web = new("shop", "web");

    private static EndpointSlice Slice(string name, string addressType = "IPv4", IList<EndpointPort>? ports = null, params Endpoint[] endpoints) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop", Labels = new Dictionary<string, string> { [ServiceEndpointsView.ServiceNameLabel] = "web" } },
        AddressType = addressType,
        Endpoints = endpoints,
        Ports = ports ?? [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    private static Endpoint Ep(string address, bool? ready = true, bool? serving = null, bool? terminating = null) => new()
    {
        Addresses = [address],
        Conditions = new EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
    };

    private static ServiceEndpoints Merge(params EndpointSlice[] slices) => EndpointSliceMerge.Merge(Web, slices, "1");

    [Fact]
    public void An_endpoint_in_two_slices_counts_once()
    {
        ServiceEndpoints merged = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1"), Ep("10.0.0.2")]), Slice("web-b", endpoints: [Ep("10.0.0.2"), Ep("10.0.0.3")]));

        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], merged.Endpoints.Select(e => e.Address));
        Assert.Equal(2, merged.SliceCount);
    }

    [Theory]
    [InlineData("web-a", "web-b")]
    [InlineData("web-b", "web-a")]
    public void The_ready_copy_wins_over_a_terminating_copy_whichever_slice_comes_first(string terminatingSlice, string readySlice)
    {
        ServiceEndpoints merged = Merge(
            Slice(terminatingSlice, endpoints: [Ep("10.0.0.1", ready: false, serving: true, terminating: true)]),
            Slice(readySlice, endpoints: [Ep("10.0.0.1", ready: true)]));

        ServiceEndpoint endpoint = Assert.Single(merged.Endpoints);
        Assert.True(endpoint.Ready);
        Assert.False(endpoint.Terminating);
        Assert.Equal(readySlice, endpoint.Slice);
    }

    [Fact]
    public void Missing_conditions_mean_ready_serving_and_not_terminating()
    {
        ServiceEndpoint endpoint = Assert.Single(Merge(Slice("web-a", endpoints: [new Endpoint { Addresses = ["10.0.0.1"] }])).Endpoints);

        Assert.True(endpoint.Ready);
        Assert.True(endpoint.Serving);
        Assert.False(endpoint.Terminating);
    }

    [Fact]
    public void A_missing_serving_condition_follows_ready()
    {
        ServiceEndpoint endpoint = Assert.Single(Merge(Slice("web-a", endpoints: [Ep("10.0.0.1", ready: false)])).Endpoints);

        Assert.False(endpoint.Ready);
        Assert.False(endpoint.Serving);
    }

    [Fact]
    public void Ports_come_from_each_slice()
    {
        ServiceEndpoints merged = Merge(
            Slice("web-a", ports: [new EndpointPort { Name = "http", Port = 8080 }], endpoints: [Ep("10.0.0.1")]),
            Slice("web-b", ports: [new EndpointPort { Name = "metrics", Port = 9090, Protocol = "TCP" }], endpoints: [Ep("10.0.0.2")]));

        Assert.Equal(["http 8080/TCP", "metrics 9090/TCP"], merged.Ports.Select(p => p.ToString()));
        Assert.Equal(["10.0.0.1"], merged.ReadyEndpoints("http").Select(e => e.Address));
        Assert.Equal(["10.0.0.2"], merged.ReadyEndpoints("metrics").Select(e => e.Address));
    }

    [Fact]
    public void A_port_only_change_is_a_change()
    {
        ServiceEndpoints before = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1")]));
        ServiceEndpoints after = Merge(Slice("web-a", ports: [new EndpointPort { Name = "http", Port = 9090, Protocol = "TCP" }], endpoints: [Ep("10.0.0.1")]));

        ServiceEndpointsDiff diff = after.DiffFrom(before);

        Assert.False(after.Equals(before));
        Assert.True(diff.PortsChanged);
        Assert.Equal(9090, Assert.Single(diff.Changed).New.Port.Port);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void An_address_type_switch_removes_the_old_addresses_and_adds_the_new()
    {
        ServiceEndpoints before = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1")]));
        ServiceEndpoints after = Merge(Slice("web-b", addressType: "IPv6", endpoints: [Ep("fd00::1")]));

        ServiceEndpointsDiff diff = after.DiffFrom(before);

        Assert.Equal("10.0.0.1", Assert.Single(diff.Removed).Address);
        Assert.Equal("IPv6", Assert.Single(diff.Added).AddressType);
        Assert.Equal(["IPv6"], after.AddressTypes);
    }

    [Fact]
    public void FQDN_slices_are_kept()
    {
        ServiceEndpoint endpoint = Assert.Single(Merge(Slice("web-a", addressType: "FQDN", endpoints: [Ep("db.example.com")])).Endpoints);

        Assert.Equal("FQDN", endpoint.AddressType);
        Assert.Equal("db.example.com", endpoint.Address);
    }

    [Fact]
    public void Snapshots_of_the_same_endpoints_are_equal_whatever_slices_hold_them()
    {
        ServiceEndpoints one = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1"), Ep("10.0.0.2")]));
        ServiceEndpoints two = Merge(Slice("web-b", endpoints: [Ep("10.0.0.2")]), Slice("web-c", endpoints: [Ep("10.0.0.1")]));

        Assert.Equal(one, two);
        Assert.True(two.DiffFrom(one).IsEmpty);
    }

    [Fact]
    public void Topology_hints_are_kept_per_endpoint_zones_and_nodes_in_order()
    {
        Endpoint hinted = Ep("10.0.0.1");
        hinted.Hints = new EndpointHints
        {
            ForZones = [new ForZone { Name = "zone-b" }, new ForZone { Name = "zone-a" }],
            ForNodes = [new ForNode { Name = "node-2" }],
        };

        ServiceEndpoints merged = Merge(Slice("web-a", endpoints: [hinted, Ep("10.0.0.2")]));

        Assert.Equal(["zone-a", "zone-b"], merged.Endpoints[0].ForZones.ToArray());
        Assert.Equal(["node-2"], merged.Endpoints[0].ForNodes.ToArray());
        Assert.Empty(merged.Endpoints[1].ForZones);
        Assert.Empty(merged.Endpoints[1].ForNodes);
    }

    [Fact]
    public void A_hint_only_change_is_a_change_of_that_endpoint()
    {
        ServiceEndpoints before = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1")]));
        Endpoint hinted = Ep("10.0.0.1");
        hinted.Hints = new EndpointHints { ForZones = [new ForZone { Name = "zone-a" }] };

        ServiceEndpointsDiff diff = Merge(Slice("web-a", endpoints: [hinted])).DiffFrom(before);

        Assert.Equal(["zone-a"], Assert.Single(diff.Changed).New.ForZones.ToArray());
        Assert.False(diff.PortsChanged);
    }

    [Fact]
    public void Usable_endpoints_fall_back_to_serving_terminating_ones_when_none_is_ready()
    {
        ServiceEndpoints merged = Merge(Slice("web-a", endpoints: [Ep("10.0.0.1", ready: false, serving: true, terminating: true), Ep("10.0.0.2", ready: false, serving: false, terminating: true)]));

        Assert.Empty(merged.ReadyEndpoints("http"));
        Assert.Equal(["10.0.0.1"], merged.UsableEndpoints("http").Select(e => e.Address));
    }
}

using SliceClientGen.Runtime.Watch;
using SliceExplorer.Explorer;
using SliceExplorer.Kube;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>How the sample counts a Service's endpoints from its slices, and keeps the slices current from watch events.</summary>
public sealed class ServiceCatalogTests
{
    private static EndpointSlice Slice(string name, string addressType, params Endpoint[] endpoints)
    {
        var slice = new EndpointSlice
        {
            AddressType = addressType,
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "shop",
                ResourceVersion = "1",
                Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" },
            },
        };
        foreach (Endpoint endpoint in endpoints)
        {
            slice.Endpoints.Add(endpoint);
        }

        return slice;
    }

    private static Endpoint Endpoint(string address, bool? ready = true, bool? serving = null, bool? terminating = null, string? zone = null) =>
        new()
        {
            Addresses = { address },
            Conditions = new EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
            Zone = zone,
        };

    private static ServiceSummary Summarise(params EndpointSlice[] slices) => ServiceCatalog.Summarise("shop", "web", slices);

    [Fact]
    public void An_endpoint_in_two_slices_of_a_service_counts_once()
    {
        ServiceSummary web = Summarise(
            Slice("web-a", "IPv4", Endpoint("10.0.0.1"), Endpoint("10.0.0.2")),
            Slice("web-b", "IPv4", Endpoint("10.0.0.2"), Endpoint("10.0.0.3")));

        Assert.Equal(2, web.Slices);
        Assert.Equal(3, web.Endpoints);
        Assert.Equal(1, web.Duplicates);
    }

    [Fact]
    public void Of_two_copies_of_an_endpoint_a_ready_one_wins()
    {
        ServiceSummary web = Summarise(
            Slice("web-a", "IPv4", Endpoint("10.0.0.1", ready: false)),
            Slice("web-b", "IPv4", Endpoint("10.0.0.1", ready: true)));

        Assert.Equal(1, web.Endpoints);
        Assert.Equal(1, web.Ready);
    }

    [Fact]
    public void The_same_address_in_different_address_types_is_not_a_duplicate()
    {
        ServiceSummary web = Summarise(
            Slice("web-a", "IPv4", Endpoint("db.example.com")),
            Slice("web-b", "FQDN", Endpoint("db.example.com")));

        Assert.Equal(2, web.Endpoints);
        Assert.Equal(new[] { "FQDN", "IPv4" }, web.AddressTypes);
    }

    [Fact]
    public void Unset_conditions_follow_the_API_defaults_ready_serving_as_ready_not_terminating()
    {
        ServiceSummary web = Summarise(Slice("web-a", "IPv4",
            Endpoint("10.0.0.1", ready: null),
            Endpoint("10.0.0.2", ready: false),
            Endpoint("10.0.0.3", ready: false, serving: true, terminating: true)));

        Assert.Equal((1, 2, 1), (web.Ready, web.Serving, web.Terminating));
    }

    [Fact]
    public void Zones_are_listed_once_in_order()
    {
        ServiceSummary web = Summarise(Slice("web-a", "IPv4",
            Endpoint("10.0.0.1", zone: "eu-west-1b"), Endpoint("10.0.0.2", zone: "eu-west-1a"), Endpoint("10.0.0.3", zone: "eu-west-1b")));

        Assert.Equal(new[] { "eu-west-1a", "eu-west-1b" }, web.Zones);
    }

    [Fact]
    public void Watch_events_add_replace_and_remove_slices()
    {
        var catalog = new ServiceCatalog();
        catalog.Add(Slice("web-a", "IPv4", Endpoint("10.0.0.1")));

        catalog.Apply(new WatchEvent<EndpointSlice>(WatchEventType.Added, Slice("web-b", "IPv4", Endpoint("10.0.0.2")), "5"));
        catalog.Apply(new WatchEvent<EndpointSlice>(WatchEventType.Modified, Slice("web-a", "IPv4", Endpoint("10.0.0.1"), Endpoint("10.0.0.3")), "6"));
        catalog.Apply(new WatchEvent<EndpointSlice>(WatchEventType.Deleted, Slice("web-b", "IPv4"), "7"));

        ServiceSummary web = Assert.Single(catalog.Summarise());
        Assert.Equal((1, 2), (web.Slices, web.Endpoints));
        Assert.Equal(7, catalog.LatestResourceVersion);
    }

    [Fact]
    public void A_bookmark_moves_the_resource_version_and_changes_nothing_else()
    {
        var catalog = new ServiceCatalog();
        catalog.Add(Slice("web-a", "IPv4", Endpoint("10.0.0.1")));

        catalog.Apply(new WatchEvent<EndpointSlice>(WatchEventType.Bookmark, new EndpointSlice(), "42"));

        Assert.Equal(1, catalog.SliceCount);
        Assert.Equal(42, catalog.LatestResourceVersion);
    }

    [Fact]
    public void Slices_without_a_service_label_are_grouped_under_a_placeholder()
    {
        EndpointSlice unlabelled = Slice("manual", "IPv4", Endpoint("10.0.0.9"));
        unlabelled.Metadata!.Labels = null;

        Assert.Equal("(no service label)", ServiceCatalog.ServiceOf(unlabelled));
    }
}

using System.Runtime.CompilerServices;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Informers;
using SliceClientGen.Runtime.Watch;
using SliceExplorer.Explorer;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>How the sample turns the per-Service view into table rows and change lines (each address counted once).</summary>
public sealed class ServiceSummariesTests
{
    private static EndpointSlice Slice(string name, string addressType, params Endpoint[] endpoints) => Slice(name, addressType, [new EndpointPort { Name = "http", Port = 8080 }], endpoints);

    private static EndpointSlice Slice(string name, string addressType, IList<EndpointPort> ports, params Endpoint[] endpoints) => new()
    {
        AddressType = addressType,
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = "shop",
            ResourceVersion = "1",
            Labels = new Dictionary<string, string> { [ServiceEndpointsView.ServiceNameLabel] = "web" },
        },
        Endpoints = endpoints,
        Ports = ports,
    };

    private static Endpoint Endpoint(string address, bool? ready = true, bool? serving = null, bool? terminating = null, string? zone = null) => new()
    {
        Addresses = [address],
        Conditions = new EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
        Zone = zone,
    };

    /// <summary>The rows of a view over an informer whose list returns <paramref name="slices"/>.</summary>
    private static async Task<(IReadOnlyList<ServiceSummary> Rows, ServiceEndpointsView View)> TableAsync(params EndpointSlice[] slices)
    {
        var options = new InformerOptions<EndpointSlice> { UseStreamingList = false };
        await using var informer = new Informer<EndpointSlice>(
            new ListWatch<EndpointSlice>(
                (_, _) => Task.FromResult(new ListPage<EndpointSlice>(slices, "1", null)),
                (_, cancellationToken) => Silent(cancellationToken),
                s => s.Metadata?.Namespace,
                s => s.Metadata?.Name,
                s => s.Metadata?.ResourceVersion,
                s => s.Metadata?.Labels,
                "endpointslices"),
            options);
        ServiceEndpointsView view = informer.CreateServiceView();
        await informer.StartAsync();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (ServiceSummaries.Summarise(view, informer.List()), view);
    }

    private static async IAsyncEnumerable<WatchEvent<EndpointSlice>> Silent([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    private static async Task<ServiceSummary> WebAsync(params EndpointSlice[] slices) => Assert.Single((await TableAsync(slices)).Rows);

    private static async Task<ServiceEndpoints> SnapshotAsync(params EndpointSlice[] slices) => (await TableAsync(slices)).View.Get("shop", "web")!;

    [Fact]
    public async Task An_address_in_two_slices_of_a_service_counts_once_and_as_one_duplicate()
    {
        ServiceSummary web = await WebAsync(
            Slice("web-a", "IPv4", Endpoint("10.0.0.1"), Endpoint("10.0.0.2")),
            Slice("web-b", "IPv4", Endpoint("10.0.0.2"), Endpoint("10.0.0.3")));

        Assert.Equal((2, 3, 1), (web.Slices, web.Endpoints, web.Duplicates));
    }

    [Fact]
    public async Task An_address_with_two_ports_counts_once()
    {
        ServiceSummary web = await WebAsync(
            Slice("web-a", "IPv4", [new EndpointPort { Name = "http", Port = 8080 }, new EndpointPort { Name = "grpc", Port = 9090 }], Endpoint("10.0.0.1"), Endpoint("10.0.0.2")));

        Assert.Equal((2, 2, 0), (web.Endpoints, web.Ready, web.Duplicates));
    }

    [Fact]
    public async Task Of_two_copies_of_an_address_the_ready_one_counts()
    {
        ServiceSummary web = await WebAsync(
            Slice("web-a", "IPv4", Endpoint("10.0.0.1", ready: false)),
            Slice("web-b", "IPv4", Endpoint("10.0.0.1", ready: true)));

        Assert.Equal((1, 1), (web.Endpoints, web.Ready));
    }

    [Fact]
    public async Task Unset_conditions_follow_the_API_defaults_ready_serving_as_ready_not_terminating()
    {
        ServiceSummary web = await WebAsync(Slice("web-a", "IPv4",
            Endpoint("10.0.0.1", ready: null),
            Endpoint("10.0.0.2", ready: false),
            Endpoint("10.0.0.3", ready: false, serving: true, terminating: true)));

        Assert.Equal((1, 2, 1), (web.Ready, web.Serving, web.Terminating));
    }

    [Fact]
    public async Task Address_types_and_zones_are_listed_once_in_order()
    {
        ServiceSummary web = await WebAsync(
            Slice("web-a", "IPv6", Endpoint("fd00::1", zone: "eu-west-1b")),
            Slice("web-b", "IPv4", Endpoint("10.0.0.2", zone: "eu-west-1a"), Endpoint("10.0.0.3", zone: "eu-west-1b")));

        Assert.Equal(["IPv4", "IPv6"], web.AddressTypes);
        Assert.Equal(["eu-west-1a", "eu-west-1b"], web.Zones);
    }

    [Fact]
    public async Task Slices_without_a_service_label_are_left_out_of_the_table()
    {
        EndpointSlice unlabelled = Slice("manual", "IPv4", Endpoint("10.0.0.9"));
        unlabelled.Metadata!.Labels = null;

        (IReadOnlyList<ServiceSummary> rows, ServiceEndpointsView view) = await TableAsync(Slice("web-a", "IPv4", Endpoint("10.0.0.1")), unlabelled);

        Assert.Equal(["shop/web"], rows.Select(r => r.Key));
        Assert.Equal(1, view.IgnoredSlices);
    }

    [Fact]
    public async Task A_change_line_shows_the_services_endpoints_now_and_what_was_added_removed_and_changed()
    {
        ServiceEndpoints before = await SnapshotAsync(Slice("web-a", "IPv4", Endpoint("10.0.0.1"), Endpoint("10.0.0.2")));
        ServiceEndpoints after = await SnapshotAsync(Slice("web-a", "IPv4", Endpoint("10.0.0.2", ready: false), Endpoint("10.0.0.3"), Endpoint("10.0.0.4")));

        string line = WatchStep.FormatChange(new DateTimeOffset(2026, 12, 6, 19, 30, 1, 250, TimeSpan.Zero), WatchStep.Modified, after.Service, after, after.DiffFrom(before));

        Assert.Equal("   19:30:01.250  MODIFIED  shop/web                       3      2        2     0  +2 -1 ~1", line);
    }

    [Fact]
    public async Task A_port_only_change_is_shown_as_such()
    {
        ServiceEndpoints before = await SnapshotAsync(Slice("web-a", "IPv4", Endpoint("10.0.0.1")));
        ServiceEndpoints after = await SnapshotAsync(Slice("web-a", "IPv4", [new EndpointPort { Name = "http", Port = 9090 }], Endpoint("10.0.0.1")));

        string line = WatchStep.FormatChange(DateTimeOffset.UnixEpoch, WatchStep.Modified, after.Service, after, after.DiffFrom(before));

        Assert.EndsWith("+0 -0 ~1 ports", line, StringComparison.Ordinal);
    }
}

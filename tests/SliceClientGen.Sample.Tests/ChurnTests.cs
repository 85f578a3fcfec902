using SliceClientGen.Testing;
using SliceExplorer.Cluster;
using Xunit;

namespace SliceClientGen.Sample.Tests;

/// <summary>The simulated scale-up, rolling update and scale-down, run against a real embedded server's store.</summary>
public sealed class ChurnTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;
    private ClusterModel _cluster = null!;
    private SliceController _controller = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Resources = { EmbeddedCluster.EndpointSlices } });
        _cluster = ClusterSeeder.Build();
        _controller = new SliceController(_server.Objects, EmbeddedCluster.EndpointSlices, new Random(1));
        _controller.CreateAll(_cluster);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_cycle_creates_updates_and_deletes_slices()
    {
        ChurnSimulator churn = Churn(null);

        await churn.RunCycleAsync(TimeSpan.Zero, null, CancellationToken.None);

        Assert.Equal(1, churn.Created);
        Assert.Equal(1, churn.Deleted);
        Assert.True(churn.Updated > 10, churn.Updated.ToString());
    }

    [Fact]
    public async Task A_cycle_ends_with_the_same_services_slices_and_endpoint_counts()
    {
        var before = Counts();

        await Churn(null).RunCycleAsync(TimeSpan.Zero, null, CancellationToken.None);

        Assert.Equal(before, Counts());
    }

    [Fact]
    public async Task The_rolling_update_replaces_every_pod_of_the_service()
    {
        ServiceModel ledger = _cluster.Find("payments", "ledger")!;
        var oldPods = ledger.Pods.Select(p => p.Name).ToHashSet();

        await Churn(null).RunCycleAsync(TimeSpan.Zero, null, CancellationToken.None);

        Assert.Equal(48, ledger.Pods.Count);
        Assert.DoesNotContain(ledger.Pods, p => oldPods.Contains(p.Name));
        Assert.All(ledger.Pods, p => Assert.True(p.Ready));
    }

    [Fact]
    public async Task The_store_matches_the_model_after_a_cycle()
    {
        await Churn(null).RunCycleAsync(TimeSpan.Zero, null, CancellationToken.None);

        IReadOnlyList<System.Text.Json.Nodes.JsonObject> stored = _server.Objects.List(EmbeddedCluster.EndpointSlices);
        Assert.Equal(_cluster.Slices.Select(s => s.Name).Order(StringComparer.Ordinal), stored.Select(o => (string)o["metadata"]!["name"]!).Order(StringComparer.Ordinal));
        Assert.All(_cluster.Slices, slice =>
            Assert.Equal(slice.Pods.Count, stored.Single(o => (string?)o["metadata"]!["name"] == slice.Name)["endpoints"]!.AsArray().Count));
    }

    [Fact]
    public void In_a_namespace_the_churn_picks_services_of_that_namespace()
    {
        ChurnSimulator churn = Churn("platform");

        Assert.Equal("platform", churn.ScaleTarget.Namespace);
        Assert.Equal("platform", churn.RollingTarget.Namespace);
    }

    [Fact]
    public void A_namespace_without_services_has_no_churn()
    {
        Assert.Null(ChurnSimulator.ChooseTargets(_cluster, "no-such-namespace"));
    }

    private ChurnSimulator Churn(string? @namespace)
    {
        (ServiceModel scale, ServiceModel rolling) = ChurnSimulator.ChooseTargets(_cluster, @namespace)!.Value;
        return new ChurnSimulator(_cluster, _controller, scale, rolling, seed: 2);
    }

    private List<string> Counts() =>
        _cluster.Services.Select(s => $"{s.Key} {s.Slices.Count} {s.EndpointCount}").ToList();
}

using SliceClientGen.EndpointSlices;
using SliceClientGen.Informers.Tests.Infrastructure;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

public sealed class ServiceViewTests
{
    private static readonly ServiceKey Web = new(Cluster.Namespace, "web");

    private static async Task<(Informer<EndpointSlice> Informer, ServiceEndpointsView View)> StartAsync(Cluster cluster)
    {
        Informer<EndpointSlice> informer = cluster.CreateInformer();
        ServiceEndpointsView view = informer.CreateServiceView();
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());
        return (informer, view);
    }

    [Fact]
    public async Task Under_churn_and_faults_every_delivered_change_equals_the_brute_force_merge_at_its_resource_version()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1"), new Ep("10.0.0.2")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "api-a", "api", [new Ep("10.1.0.1")], [new Port("grpc", 9000)]));
        (Informer<EndpointSlice> informer, ServiceEndpointsView view) = await StartAsync(cluster);
        await using Informer<EndpointSlice> _ = informer;
        using ServiceEndpointsView __ = view;
        var delivered = new List<ServiceEndpointsChange>();
        using var stop = new CancellationTokenSource();
        Task reading = Task.Run(async () =>
        {
            try
            {
                await foreach (ServiceEndpointsChange change in view.ChangesAsync(cancellationToken: stop.Token))
                {
                    lock (delivered)
                    {
                        delivered.Add(change);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        cluster.Server.Faults.DropWatchAfterEvents = 7;
        // Scale up: new endpoints, then a second slice.
        for (int i = 3; i <= 8; i++)
        {
            cluster.Update("web-a", s => s["endpoints"]!.AsArray().Add(SliceJson.Endpoint(new Ep($"10.0.0.{i}", Ready: false))));
            cluster.Update("web-a", s => s["endpoints"]![s["endpoints"]!.AsArray().Count - 1]!["conditions"]!["ready"] = true);
        }

        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-b", "web", [new Ep("10.0.1.1"), new Ep("10.0.0.8")]));

        // Rolling update: old endpoints terminate (serving, not ready) while new ones come up in another slice.
        for (int i = 1; i <= 4; i++)
        {
            cluster.Update("web-a", s =>
            {
                var endpoint = s["endpoints"]![i - 1]!;
                endpoint["conditions"] = new System.Text.Json.Nodes.JsonObject { ["ready"] = false, ["serving"] = true, ["terminating"] = true };
            });
            cluster.Update("web-b", s => s["endpoints"]!.AsArray().Add(SliceJson.Endpoint(new Ep($"10.0.2.{i}", Zone: "zone-b", ForZones: ["zone-b"]))));
        }

        // While disconnected and compacted: a port change, a slice that loses its label, a deleted slice.
        cluster.Wire.BlockWatches = true;
        cluster.Wire.CutWatches();
        cluster.Update("api-a", s => s["ports"]![0]!["port"] = 9001);
        cluster.Update("web-b", s => s["metadata"]!["labels"]!.AsObject().Remove("kubernetes.io/service-name"));
        cluster.Server.Faults.CompactHistory();
        cluster.Wire.BlockWatches = false;
        cluster.Update("web-b", s => s["metadata"]!["labels"]!["kubernetes.io/service-name"] = "web");

        // Scale down: the terminating endpoints go, then a slice goes, then the address type switches.
        for (int i = 1; i <= 4; i++)
        {
            cluster.Update("web-a", s => s["endpoints"]!.AsArray().RemoveAt(0));
        }

        cluster.Delete("web-a");
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-v6", "web", [new Ep("fd00::1")], addressType: "IPv6"));
        cluster.Delete("api-a");

        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);
        await Eventually.ReachesAsync(informer, () => view.ResourceVersion == cluster.ResourceVersion.ToString());

        // The view converged to the server's final state.
        Dictionary<ServiceKey, List<string>> expected = BruteForce.Services(cluster.At(cluster.ResourceVersion));
        Assert.Equal(expected.Keys.Order(), view.Services().Select(s => s.Service).Order());
        foreach (ServiceEndpoints snapshot in view.Services())
        {
            Assert.Equal(expected[snapshot.Service], BruteForce.Lines(snapshot));
        }

        Assert.Null(view.Get(Cluster.Namespace, "api"));
        stop.Cancel();
        await reading;

        // Every delivered snapshot was the server's truth at the resourceVersion it claims.
        lock (delivered)
        {
            Assert.NotEmpty(delivered);
            foreach (ServiceEndpointsChange change in delivered.Where(c => c.Current is not null))
            {
                Dictionary<ServiceKey, List<string>> then = BruteForce.Services(cluster.At(long.Parse(change.Current!.ResourceVersion!)));
                Assert.Equal(then[change.Service], BruteForce.Lines(change.Current));
            }

            // Each change goes from what the subscriber saw before: the chain per Service is unbroken.
            foreach (IGrouping<ServiceKey, ServiceEndpointsChange> service in delivered.GroupBy(c => c.Service))
            {
                ServiceEndpoints? seen = null;
                foreach (ServiceEndpointsChange change in service)
                {
                    Assert.Same(seen, change.Previous);
                    Assert.False(change.Diff.IsEmpty);
                    seen = change.Current;
                }
            }
        }
    }

    [Fact]
    public async Task A_slice_that_loses_its_service_name_label_leaves_the_service_and_is_counted_as_ignored()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-b", "web", [new Ep("10.0.0.2")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "stray", null, [new Ep("10.9.0.1")]));
        (Informer<EndpointSlice> informer, ServiceEndpointsView view) = await StartAsync(cluster);
        await using Informer<EndpointSlice> _ = informer;
        using ServiceEndpointsView __ = view;
        Assert.Equal(1, view.IgnoredSlices);
        Assert.Equal(2, view.Get(Cluster.Namespace, "web")!.Endpoints.Length);

        cluster.Update("web-b", s => s["metadata"]!["labels"]!.AsObject().Remove("kubernetes.io/service-name"));
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        Assert.Equal(["10.0.0.1"], view.Get(Cluster.Namespace, "web")!.Endpoints.Select(e => e.Address));
        Assert.Equal(2, view.IgnoredSlices);
    }

    [Fact]
    public async Task A_subscriber_first_receives_every_service_then_changes_of_the_one_it_asked_for()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "api-a", "api", [new Ep("10.1.0.1")]));
        (Informer<EndpointSlice> informer, ServiceEndpointsView view) = await StartAsync(cluster);
        await using Informer<EndpointSlice> _ = informer;
        using ServiceEndpointsView __ = view;
        await using IAsyncEnumerator<ServiceEndpointsChange> all = view.ChangesAsync().GetAsyncEnumerator();
        await using IAsyncEnumerator<ServiceEndpointsChange> webOnly = view.ChangesAsync(Web).GetAsyncEnumerator();

        Assert.True(await Eventually.Within(all.MoveNextAsync().AsTask()));
        Assert.Null(all.Current.Previous);
        Assert.True(await Eventually.Within(webOnly.MoveNextAsync().AsTask()));
        Assert.Equal(Web, webOnly.Current.Service);

        cluster.Update("api-a", s => s["endpoints"]![0]!["conditions"]!["ready"] = false);
        cluster.Update("web-a", s => s["endpoints"]!.AsArray().Add(SliceJson.Endpoint(new Ep("10.0.0.2"))));
        Assert.True(await Eventually.Within(webOnly.MoveNextAsync().AsTask()));

        Assert.Equal(Web, webOnly.Current.Service);
        Assert.Equal("10.0.0.2", Assert.Single(webOnly.Current.Diff.Added).Address);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], webOnly.Current.Current!.ReadyEndpoints("http").Select(e => e.Address));
    }

    [Fact]
    public async Task A_burst_reaches_a_subscriber_that_was_not_reading_as_one_change_per_service()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1")]));
        (Informer<EndpointSlice> informer, ServiceEndpointsView view) = await StartAsync(cluster);
        await using Informer<EndpointSlice> _ = informer;
        using ServiceEndpointsView __ = view;
        await using IAsyncEnumerator<ServiceEndpointsChange> changes = view.ChangesAsync().GetAsyncEnumerator();
        Assert.True(await Eventually.Within(changes.MoveNextAsync().AsTask()));
        ServiceEndpoints first = changes.Current.Current!;

        for (int i = 2; i <= 30; i++)
        {
            cluster.Update("web-a", s => s["endpoints"]!.AsArray().Add(SliceJson.Endpoint(new Ep($"10.0.0.{i}"))));
        }

        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);
        Assert.True(await Eventually.Within(changes.MoveNextAsync().AsTask()));

        Assert.Same(first, changes.Current.Previous);
        Assert.Equal(29, changes.Current.Diff.Added.Length);
        Assert.Equal(cluster.ResourceVersion.ToString(), changes.Current.Current!.ResourceVersion);
    }

    [Fact]
    public async Task Disposing_the_view_ends_its_subscriptions()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1")]));
        (Informer<EndpointSlice> informer, ServiceEndpointsView view) = await StartAsync(cluster);
        await using Informer<EndpointSlice> _ = informer;
        Task<int> reading = Task.Run(async () =>
        {
            int count = 0;
            await foreach (ServiceEndpointsChange change in view.ChangesAsync())
            {
                count++;
            }

            return count;
        });

        view.Dispose();

        Assert.True(await Eventually.Within(reading) <= 1);
    }
}

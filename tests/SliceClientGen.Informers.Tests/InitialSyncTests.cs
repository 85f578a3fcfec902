using SliceClientGen.EndpointSlices;
using SliceClientGen.Informers.Tests.Infrastructure;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

public sealed class InitialSyncTests
{
    private static void Seed(Cluster cluster, int count)
    {
        for (int i = 0; i < count; i++)
        {
            cluster.Create(SliceJson.Build(Cluster.Namespace, $"web-{i:D3}", "web", [new Ep($"10.0.0.{i + 1}")]));
        }
    }

    [Fact]
    public async Task A_streaming_list_fills_the_cache_at_the_servers_resource_version()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Seed(cluster, 25);
        await using Informer<EndpointSlice> informer = cluster.CreateInformer();

        Assert.False(informer.HasSynced);
        Assert.Empty(informer.List());
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.True(informer.HasSynced);
        Assert.Equal(25, informer.List().Count);
        Assert.Equal(cluster.ResourceVersion.ToString(), informer.ResourceVersion);
        Assert.Equal("10.0.0.4", informer.Get(Cluster.Namespace, "web-003")!.Endpoints[0].Addresses[0]);
        Assert.Contains(cluster.Wire.Requests, r => r.Contains("sendInitialEvents=true") && r.Contains("resourceVersionMatch=NotOlderThan"));
        Assert.DoesNotContain(cluster.Wire.Requests, r => !r.Contains("watch=true"));
    }

    [Fact]
    public async Task A_server_that_refuses_streaming_lists_gets_a_paged_list()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Seed(cluster, 23);
        cluster.Wire.RefuseStreamingList = true;
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(Cluster.FastOptions(pageSize: 10));

        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.Equal(23, informer.List().Count);
        Assert.Equal(3, cluster.Wire.Requests.Count(r => !r.Contains("watch=true") && r.Contains("limit=10")));
        Assert.Contains(cluster.Wire.Requests, r => r.Contains("continue="));
    }

    [Fact]
    public async Task A_server_that_ignores_sendInitialEvents_is_detected_and_gets_a_paged_list()
    {
        await using Cluster cluster = await Cluster.StartAsync(o => o.BookmarkInterval = TimeSpan.FromMilliseconds(50));
        Seed(cluster, 12);
        cluster.Wire.IgnoreStreamingList = true;
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(Cluster.FastOptions(pageSize: 5));

        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.Equal(12, informer.List().Count);
        Assert.Equal(3, cluster.Wire.Requests.Count(r => !r.Contains("watch=true") && r.Contains("limit=5")));
        Assert.Equal(cluster.ResourceVersion.ToString(), informer.ResourceVersion);
    }

    [Fact]
    public async Task A_continue_token_that_expires_mid_list_starts_the_list_over_and_the_cache_gets_the_newer_state()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Seed(cluster, 12);
        int firstPages = 0;
        await using Informer<EndpointSlice> informer = cluster.CreatePagedInformer(pageSize: 5, (request, _) =>
        {
            if (request.Continue is null && ++firstPages == 1)
            {
                // Between the first and the second page: a write, and the history the continue token points into is compacted.
                cluster.Update("web-011", s => s["endpoints"]![0]!["zone"] = "zone-new");
                cluster.Server.Faults.CompactHistory();
            }

            return Task.CompletedTask;
        });

        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.Equal(2, firstPages);
        Assert.Equal(12, informer.Count);
        Assert.Equal("zone-new", informer.Get(Cluster.Namespace, "web-011")!.Endpoints[0].Zone);
        Assert.Equal(cluster.ResourceVersion.ToString(), informer.ResourceVersion);
    }

    [Fact]
    public async Task The_cache_stays_empty_until_the_last_page_of_the_list_has_arrived()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Seed(cluster, 12);
        var secondPageArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using Informer<EndpointSlice> informer = cluster.CreatePagedInformer(pageSize: 5, async (request, page) =>
        {
            if (request.Continue is not null && !string.IsNullOrEmpty(page.Continue))
            {
                secondPageArrived.TrySetResult();
                await release.Task;
            }
        });

        await informer.StartAsync();
        await Eventually.Within(secondPageArrived.Task);

        Assert.False(informer.HasSynced);
        Assert.Empty(informer.List());
        Assert.Null(informer.Get(Cluster.Namespace, "web-000"));
        Assert.Null(informer.ResourceVersion);

        release.SetResult();
        await Eventually.Within(informer.WaitForSyncAsync());
        Assert.Equal(12, informer.List().Count);
    }

    [Fact]
    public async Task Changes_after_the_sync_reach_the_cache_through_the_watch()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Seed(cluster, 3);
        await using Informer<EndpointSlice> informer = cluster.CreateInformer();
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        cluster.Create(SliceJson.Build(Cluster.Namespace, "api-000", "api", [new Ep("10.1.0.1")]));
        cluster.Update("web-000", s => s["endpoints"]!.AsArray().Add(SliceJson.Endpoint(new Ep("10.0.9.9"))));
        cluster.Delete("web-001");
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        Assert.Equal(["api-000", "web-000", "web-002"], informer.List().Select(s => s.Metadata!.Name!).Order());
        Assert.Equal(2, informer.Get(Cluster.Namespace, "web-000")!.Endpoints.Count);
        Assert.Null(informer.Get(Cluster.Namespace, "web-001"));
    }

    [Fact]
    public async Task Indexes_find_objects_by_namespace_by_label_value_and_by_a_custom_function()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build("a", "web-1", "web", [new Ep("10.0.0.1", Node: "n1")]));
        cluster.Create(SliceJson.Build("a", "api-1", "api", [new Ep("10.0.0.2", Node: "n2")]));
        cluster.Create(SliceJson.Build("b", "web-1", "web", [new Ep("10.0.0.3", Node: "n1")]));
        InformerOptions<EndpointSlice> options = Cluster.FastOptions();
        options.LabelIndexes.Add(ServiceEndpointsView.ServiceNameLabel);
        options.Indexers["node"] = s => s.Endpoints.Select(e => e.NodeName!).Distinct();
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(options);
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.Equal(["api-1", "web-1"], informer.ByIndex(Informer<EndpointSlice>.NamespaceIndex, "a").Select(s => s.Metadata!.Name!).Order());
        Assert.Equal(["a", "b"], informer.ByIndex(ServiceEndpointsView.ServiceNameLabel, "web").Select(s => s.Metadata!.Namespace!).Order());
        Assert.Equal(2, informer.ByIndex("node", "n1").Count);

        cluster.Update("web-1", s => s["endpoints"]![0]!["nodeName"] = "n2", ns: "a");
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);
        Assert.Single(informer.ByIndex("node", "n1"));
        Assert.Equal(2, informer.ByIndex("node", "n2").Count);
        Assert.Throws<ArgumentException>(() => informer.ByIndex("missing", "x"));
    }

    [Fact]
    public async Task The_default_transform_drops_managed_fields_and_shares_repeated_strings_across_the_cache()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        for (int i = 0; i < 4; i++)
        {
            var slice = SliceJson.Build(Cluster.Namespace, $"web-{i}", "web", [new Ep($"10.0.0.{i}", Node: "node-7", Zone: "eu-west-1a")]);
            slice["metadata"]!["managedFields"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["manager"] = "kube-controller-manager", ["operation"] = "Update" });
            cluster.Create(slice);
        }

        await using Informer<EndpointSlice> informer = cluster.CreateInformer();
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        IReadOnlyList<EndpointSlice> slices = informer.List();
        Assert.All(slices, s => Assert.Null(s.Metadata!.ManagedFields));
        Assert.All(slices, s => Assert.Same(slices[0].Endpoints[0].Zone, s.Endpoints[0].Zone));
        Assert.All(slices, s => Assert.Same(slices[0].Endpoints[0].NodeName, s.Endpoints[0].NodeName));
        Assert.All(slices, s => Assert.Same(slices[0].Metadata!.Labels!.Keys.First(k => k.StartsWith("kubernetes.io")), s.Metadata!.Labels!.Keys.First(k => k.StartsWith("kubernetes.io"))));
        Assert.True(informer.Strings.Count > 0);
    }
}

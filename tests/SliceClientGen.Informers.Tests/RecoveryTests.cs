using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Informers.Tests.Infrastructure;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

public sealed class RecoveryTests
{
    [Fact]
    public async Task After_410_the_relist_delivers_the_delete_that_happened_while_disconnected_with_its_final_state_unknown()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-a", "web", [new Ep("10.0.0.1")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-b", "web", [new Ep("10.0.0.2")]));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-c", "web", [new Ep("10.0.0.3")]));
        await using Informer<EndpointSlice> informer = cluster.CreateInformer();
        var batches = new List<InformerBatch<EndpointSlice>>();
        using IDisposable observing = informer.Observe(b => { lock (batches) { batches.Add(b); } });
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        cluster.Wire.BlockWatches = true;
        cluster.Wire.CutWatches();
        cluster.Delete("web-a");
        cluster.Update("web-b", s => s["endpoints"]![0]!["conditions"]!["ready"] = false);
        cluster.Server.Faults.CompactHistory();
        cluster.Wire.BlockWatches = false;
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        InformerBatch<EndpointSlice> relist;
        lock (batches)
        {

            relist = Assert.Single(batches, b => b.Kind == InformerBatchKind.Relist);
        }

        InformerEvent<EndpointSlice> deleted = Assert.Single(relist.Events, e => e.Type == InformerEventType.Deleted);
        Assert.Equal("web-a", deleted.Object.Metadata!.Name);
        Assert.True(deleted.IsFinalStateUnknown);
        InformerEvent<EndpointSlice> updated = Assert.Single(relist.Events, e => e.Type == InformerEventType.Updated);
        Assert.Equal("web-b", updated.Object.Metadata!.Name);
        Assert.True(updated.OldObject!.Endpoints[0].Conditions!.Ready);
        Assert.False(updated.Object.Endpoints[0].Conditions!.Ready);
        Assert.Equal(2, relist.Events.Count);
        Assert.Equal(["web-b", "web-c"], informer.List().Select(s => s.Metadata!.Name!).Order());
    }

    [Fact]
    public async Task Dropped_watches_resume_without_losing_or_repeating_an_event()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        for (int i = 0; i < 5; i++)
        {
            cluster.Create(SliceJson.Build(Cluster.Namespace, $"web-{i}", "web", [new Ep($"10.0.0.{i}")]));
        }

        await using Informer<EndpointSlice> informer = cluster.CreateInformer();
        var events = new List<InformerEvent<EndpointSlice>>();
        using IDisposable observing = informer.Observe(b => { lock (events) { events.AddRange(b.Events); } });
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        cluster.Server.Faults.DropWatchAfterEvents = 3;
        for (int round = 0; round < 8; round++)
        {
            for (int i = 0; i < 5; i++)
            {
                cluster.Update($"web-{i}", s => s["endpoints"]![0]!["zone"] = "zone-" + round);
            }
        }

        cluster.Delete("web-4");
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        lock (events)
        {
            // Every write is one event, in resourceVersion order: none lost, none twice.
            List<long> versions = events.Skip(5).Select(e => long.Parse(e.Object.Metadata!.ResourceVersion!)).ToList();
            Assert.Equal(41, versions.Count);
            Assert.Equal(versions.Order(), versions);
            Assert.Equal(versions.Count, versions.Distinct().Count());
            Assert.Equal(InformerEventType.Deleted, events[^1].Type);
        }

        Assert.All(informer.List(), s => Assert.Equal("zone-7", s.Endpoints[0].Zone));
        Assert.Equal(4, informer.Count);
    }

    [Fact]
    public async Task A_watch_that_stalls_is_abandoned_by_the_idle_timeout_and_resumed()
    {
        await using Cluster cluster = await Cluster.StartAsync(o => o.BookmarkInterval = TimeSpan.FromHours(1));
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        InformerOptions<EndpointSlice> options = Cluster.FastOptions();
        options.Watch!.IdleTimeout = TimeSpan.FromMilliseconds(300);
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        options.Watch.OnReconnect = r =>
        {
            if (r.Reason == "idle timeout")
            {
                idle.TrySetResult();
            }
        };
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(options);
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        // No events and no bookmarks: the stream is silent, as a stalled connection is.
        await Eventually.Within(idle.Task);
        cluster.Update("web-0", s => s["endpoints"]![0]!["zone"] = "zone-b");
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        Assert.Equal("zone-b", informer.Get(Cluster.Namespace, "web-0")!.Endpoints[0].Zone);
    }

    [Fact]
    public async Task A_bookmark_moves_the_resource_version_and_delivers_nothing()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        await using Informer<EndpointSlice> informer = cluster.Client.CreateEndpointSliceInformer(labelSelector: "kubernetes.io/service-name=web", options: Cluster.FastOptions());
        var batches = new List<InformerBatch<EndpointSlice>>();
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());
        using IDisposable observing = informer.Observe(b => { lock (batches) { batches.Add(b); } });

        // A write the selector filters out: only a bookmark can tell the informer how far the server has moved.
        cluster.Create(SliceJson.Build(Cluster.Namespace, "api-0", "api", [new Ep("10.1.0.1")]));
        string target = cluster.ResourceVersion.ToString();
        await Eventually.Within(Task.Run(async () =>
        {
            while (informer.ResourceVersion != target)
            {
                cluster.Server.Faults.SendBookmarks();
                await Task.Delay(20);
            }
        }));

        lock (batches)
        {
            // Only the replay the observer got when it joined.
            Assert.Equal(InformerBatchKind.Replay, Assert.Single(batches).Kind);
        }

        Assert.Equal(["web-0"], informer.List().Select(s => s.Metadata!.Name!));
    }

    [Fact]
    public async Task A_failing_list_waits_800_ms_then_1600_ms_on_the_informers_clock_before_each_retry()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        cluster.Server.Faults.FailNextRequests(2, 500);
        var logged = new SemaphoreSlim(0);
        var logs = new FakeLogCollector(Options.Create(new FakeLogCollectorOptions { OutputSink = _ => logged.Release() }));
        using var loggers = new LoggerFactory([new FakeLoggerProvider(logs)]);
        var clock = Fakes.Clock();
        var options = new InformerOptions<EndpointSlice> { UseStreamingList = false, Jitter = 0, TimeProvider = clock, LoggerFactory = loggers };
        await using Informer<EndpointSlice> informer = cluster.CreateInformer(options);

        async Task<string> NextFailureAsync(int count)
        {
            while (logs.GetSnapshot().Count(r => r.Id.Name == "InformerFailed") < count)
            {
                await logged.WaitAsync().Within(Eventually.HangGuardSeconds);
            }

            return logs.GetSnapshot().Last(r => r.Id.Name == "InformerFailed").Message;
        }

        await informer.StartAsync();
        Assert.EndsWith("retrying in 0.8 s", await NextFailureAsync(1), StringComparison.Ordinal);
        Assert.False(informer.HasSynced);

        clock.Advance(TimeSpan.FromMilliseconds(800));
        Assert.EndsWith("retrying in 1.6 s", await NextFailureAsync(2), StringComparison.Ordinal);
        Assert.False(informer.HasSynced);

        clock.Advance(TimeSpan.FromMilliseconds(1600));
        await Eventually.Within(informer.WaitForSyncAsync());
        Assert.Single(informer.List());
    }

    [Fact]
    public async Task A_list_that_fails_is_retried_until_it_succeeds()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Create(SliceJson.Build(Cluster.Namespace, "web-0", "web", [new Ep("10.0.0.1")]));
        cluster.Wire.RefuseStreamingList = true;
        cluster.Server.Faults.FailNextRequests(3, 500);
        await using Informer<EndpointSlice> informer = cluster.CreateInformer();

        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());

        Assert.Single(informer.List());
    }
}

using SliceClientGen.EndpointSlices;
using SliceClientGen.Informers.Tests.Infrastructure;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

public sealed class SubscriberTests
{
    private static async Task<Informer<EndpointSlice>> SyncedAsync(Cluster cluster, int slices)
    {
        for (int i = 0; i < slices; i++)
        {
            cluster.Create(SliceJson.Build(Cluster.Namespace, $"web-{i}", "web", [new Ep($"10.0.0.{i + 1}")]));
        }

        Informer<EndpointSlice> informer = cluster.CreateInformer();
        await informer.StartAsync();
        await Eventually.Within(informer.WaitForSyncAsync());
        return informer;
    }

    [Fact]
    public async Task A_late_subscriber_first_receives_the_current_state()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        await using Informer<EndpointSlice> informer = await SyncedAsync(cluster, 3);
        await using IAsyncEnumerator<InformerEvent<EndpointSlice>> events = informer.SubscribeAsync().GetAsyncEnumerator();

        var names = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(await Eventually.Within(events.MoveNextAsync().AsTask()));
            Assert.Equal(InformerEventType.Added, events.Current.Type);
            names.Add(events.Current.Object.Metadata!.Name!);
        }

        Assert.Equal(["web-0", "web-1", "web-2"], names.Order());
    }

    [Fact]
    public async Task A_slow_subscriber_stalls_no_one_and_later_reads_each_objects_net_change()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        await using Informer<EndpointSlice> informer = await SyncedAsync(cluster, 2);
        await using IAsyncEnumerator<InformerEvent<EndpointSlice>> slow = informer.SubscribeAsync().GetAsyncEnumerator();
        Assert.True(await Eventually.Within(slow.MoveNextAsync().AsTask())); // subscribed; then it stops reading.
        using var stop = new CancellationTokenSource();
        var fastFinal = new List<Task<string?>>();
        long last = 0;
        for (int s = 0; s < 4; s++)
        {
            fastFinal.Add(Task.Run(async () =>
            {
                string? seen = null;
                long previous = 0;
                try
                {
                    await foreach (InformerEvent<EndpointSlice> e in informer.SubscribeAsync(stop.Token))
                    {
                        if (e.Object.Metadata!.Name == "web-0")
                        {
                            long version = long.Parse(e.Object.Metadata.ResourceVersion!);
                            Assert.True(version > previous, "never an older state than one already read");
                            previous = version;
                            seen = e.Object.Metadata.ResourceVersion;
                            if (e.Object.Endpoints[0].Zone == "zone-99")
                            {
                                return seen;
                            }
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }

                return seen;
            }));
        }

        for (int i = 0; i < 100; i++)
        {
            cluster.Update("web-0", s => s["endpoints"]![0]!["zone"] = "zone-" + i);
        }

        cluster.Delete("web-1");
        last = long.Parse(cluster.Server.Objects.Get(cluster.Slices, Cluster.Namespace, "web-0")!["metadata"]!["resourceVersion"]!.ToString());
        await Eventually.ReachesResourceVersionAsync(informer, cluster.ResourceVersion);

        // The fast subscribers all reached the newest state while the slow one read nothing.
        string?[] finals = await Eventually.Within(Task.WhenAll(fastFinal));
        Assert.All(finals, f => Assert.Equal(last.ToString(), f));

        // The slow one reads web-0 once, already in its newest state: 100 updates merged into one event (web-1, whose
        // Added it may not have read yet, and whose delete came later, cannot come before it).
        stop.Cancel();
        Assert.True(await Eventually.Within(slow.MoveNextAsync().AsTask()));
        Assert.Equal("web-0", slow.Current.Object.Metadata!.Name);
        Assert.Equal("zone-99", slow.Current.Object.Endpoints[0].Zone);
    }

    [Fact]
    public async Task Disposing_the_informer_ends_subscriptions_and_stops_its_loop()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        Informer<EndpointSlice> informer = await SyncedAsync(cluster, 2);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> reading = Task.Run(async () =>
        {
            int count = 0;
            await foreach (InformerEvent<EndpointSlice> e in informer.SubscribeAsync())
            {
                count++;
                subscribed.TrySetResult();
            }

            return count;
        });
        await Eventually.Within(subscribed.Task);

        await informer.DisposeAsync();

        Assert.Equal(2, await Eventually.Within(reading));
        Assert.True(informer.Loop!.IsCompleted);
        Assert.Equal(0, informer.Subscribers);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => informer.StartAsync());
    }

    [Fact]
    public async Task Cancelling_a_subscription_removes_its_buffer()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        await using Informer<EndpointSlice> informer = await SyncedAsync(cluster, 1);
        using var cancel = new CancellationTokenSource();
        await using IAsyncEnumerator<InformerEvent<EndpointSlice>> events = informer.SubscribeAsync(cancel.Token).GetAsyncEnumerator();
        Assert.True(await Eventually.Within(events.MoveNextAsync().AsTask()));
        Assert.Equal(1, informer.Subscribers);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());

        Assert.Equal(0, informer.Subscribers);
    }

    [Fact]
    public async Task Stopping_before_the_first_sync_cancels_the_wait_for_it()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        cluster.Wire.BlockWatches = true;
        cluster.Wire.RefuseStreamingList = true;
        cluster.Server.Faults.FailNextRequests(1_000_000, 503);
        Informer<EndpointSlice> informer = cluster.CreateInformer();
        await informer.StartAsync();
        Task waiting = informer.WaitForSyncAsync();

        await informer.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(waiting));
        Assert.True(informer.Loop!.IsCompleted);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Testing;
using SliceClientGen.Watch.Tests.Infrastructure;
using SliceClientGen.Watch.Tests.Kube;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>Reconnects against the cluster API server: what was delivered is compared with the server's event log.</summary>
public sealed class WatchResumeTests
{
    private static string Rv(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The changes the server logged after <paramref name="after"/> (no bookmarks).</summary>
    private static IEnumerable<(string Type, string? Name, string? ResourceVersion)> ChangesAfter(Cluster cluster, long after) =>
        cluster.Log.Where(e => e.ResourceVersion > after).Select(Identity);

    [Fact]
    public async Task A_server_that_ends_the_stream_is_resumed_from_the_last_resourceVersion_without_loss_or_duplicates()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        for (int i = 0; i < 20; i++)
        {
            cluster.Upsert("default", "web-" + i.ToString("D2", CultureInfo.InvariantCulture));
        }

        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(8));
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(7));
        var reconnects = new ConcurrentQueue<WatchReconnect>();
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(start), watchOptions: FastOptions(reconnects.Enqueue), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (received.Count == 20)
            {
                // Live changes, after the replayed history: a modification, a deletion, a creation elsewhere.
                cluster.Upsert("default", "web-03");
                cluster.Delete("default", "web-04");
                cluster.Upsert("other", "api-0", service: "api");
            }

            if (received.Count == 23)
            {
                break;
            }
        }

        Assert.Equal(ChangesAfter(cluster, start), received.Select(Identity));
        IReadOnlyList<ServerRequest> watches = cluster.WatchRequests;
        Assert.Equal(3, watches.Count);
        Assert.Equal(Rv(start), watches[0]["resourceVersion"]);
        Assert.Equal(received[7].ResourceVersion, watches[1]["resourceVersion"]);
        Assert.Equal(received[14].ResourceVersion, watches[2]["resourceVersion"]);
        Assert.Equal(new[] { ("stream ended", received[7].ResourceVersion, TimeSpan.Zero), ("stream ended", received[14].ResourceVersion, TimeSpan.Zero) }, reconnects.Select(r => (r.Reason, r.ResourceVersion, r.Delay)));
    }

    [Fact]
    public async Task A_bookmark_moves_the_resume_point_to_its_resourceVersion()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        cluster.Upsert("default", "web-1");
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(3));
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        long bookmark = 0;
        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(
            labelSelector: KubeJson.ServiceNameLabel + "=web", resourceVersion: Rv(start), watchOptions: FastOptions(), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (received.Count == 2)
            {
                // A change this watch does not select moves the revision on; the bookmark carries it.
                cluster.Upsert("default", "api-0", service: "api");
                bookmark = cluster.Bookmark();
            }
            else if (received.Count == 3)
            {
                cluster.Upsert("default", "web-2");
            }
            else if (received.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(WatchEventType.Bookmark, received[2].Type);
        Assert.Equal(Rv(bookmark), received[2].ResourceVersion);
        IReadOnlyList<ServerRequest> watches = cluster.WatchRequests;
        Assert.Equal(2, watches.Count);
        Assert.Equal(Rv(bookmark), watches[1]["resourceVersion"]);
        Assert.NotEqual(received[1].ResourceVersion, watches[1]["resourceVersion"]);
        Assert.Equal(new[] { "web-0", "web-1", "web-2" }, received.Where(e => e.Type != WatchEventType.Bookmark).Select(e => e.Object.Metadata!.Name));
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_is_resumed_after_a_backoff()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        for (int i = 0; i < 6; i++)
        {
            cluster.Upsert("default", "web-" + i);
        }

        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Server.Faults.PlanWatch(WatchFault.DropAfter(2, delivered.Task));
        var reconnects = new ConcurrentQueue<WatchReconnect>();
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(start), watchOptions: FastOptions(reconnects.Enqueue), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (received.Count == 2)
            {
                delivered.SetResult();
            }
            else if (received.Count == 6)
            {
                break;
            }
        }

        Assert.Equal(ChangesAfter(cluster, start), received.Select(Identity));
        WatchReconnect reconnect = Assert.Single(reconnects);
        Assert.Equal("connection dropped", reconnect.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(10), reconnect.Delay);
        Assert.NotNull(reconnect.Exception);
        Assert.Equal(2, reconnect.EventsSoFar);
        Assert.Equal(received[1].ResourceVersion, reconnect.ResourceVersion);
        Assert.Equal(received[1].ResourceVersion, cluster.WatchRequests[1]["resourceVersion"]);
    }

    [Fact]
    public async Task A_server_that_stops_sending_trips_the_idle_timeout_and_the_watch_resumes()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        for (int i = 0; i < 4; i++)
        {
            cluster.Upsert("default", "web-" + i);
        }

        cluster.Server.Faults.PlanWatch(WatchFault.StallAfter(2));
        var reconnects = new ConcurrentQueue<WatchReconnect>();

        // The idle timer runs on a fake clock that only the test moves, once the stream has gone silent: a slow
        // machine can neither trip it early nor trip it again on the resumed stream. No backoff: it would wait on that clock too.
        FakeTimeProvider clock = Fakes.Clock();
        WatchOptions options = FastOptions(reconnects.Enqueue);
        options.IdleTimeout = TimeSpan.FromMilliseconds(300);
        options.TimeProvider = clock;
        options.InitialBackoff = TimeSpan.Zero;
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        await using IAsyncEnumerator<WatchEvent<EndpointSlice>> watch = client
            .WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(start), watchOptions: options, cancellationToken: guard.Token)
            .GetAsyncEnumerator(guard.Token);

        var received = new List<WatchEvent<EndpointSlice>>();
        for (int i = 0; i < 2; i++)
        {
            Assert.True(await watch.MoveNextAsync());
            received.Add(watch.Current);
        }

        // The server sends nothing more; the watch waits for a third event with its idle timer running (armed when the wait starts).
        ValueTask<bool> third = watch.MoveNextAsync();
        clock.Advance(options.IdleTimeout);
        Assert.True(await third);
        received.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        received.Add(watch.Current);

        Assert.Equal(ChangesAfter(cluster, start), received.Select(Identity));
        WatchReconnect reconnect = Assert.Single(reconnects);
        Assert.Equal("idle timeout", reconnect.Reason);
        Assert.Equal(received[1].ResourceVersion, reconnect.ResourceVersion);
        Assert.Equal(received[1].ResourceVersion, cluster.WatchRequests[1]["resourceVersion"]);
        // The silent connection was closed, not left open beside the new one.
        ServerRequest silent = cluster.WatchRequests[0];
        await silent.Ended.WaitAsync(Guard);
        Assert.True(silent.Aborted);
    }

    [Fact]
    public async Task Without_resume_the_enumeration_ends_when_the_server_ends_the_stream()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        for (int i = 0; i < 5; i++)
        {
            cluster.Upsert("default", "web-" + i);
        }

        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(3));
        WatchOptions options = FastOptions();
        options.Resume = false;
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        List<WatchEvent<EndpointSlice>> received = await client
            .WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(start), watchOptions: options, cancellationToken: guard.Token)
            .ToListAsync(guard.Token);

        Assert.Equal(ChangesAfter(cluster, start).Take(3), received.Select(Identity));
        Assert.Single(cluster.WatchRequests);
    }

    [Fact]
    public async Task A_server_side_timeoutSeconds_ends_the_stream_and_the_watch_resumes_asking_for_the_same_timeout()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        var reconnected = new TaskCompletionSource<WatchReconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        // The first stream ends after 1 s; the change is made when the watch reconnects, before its second request.
        WatchOptions options = FastOptions(r =>
        {
            cluster.Upsert("default", "web-1");
            reconnected.TrySetResult(r);
        });
        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(
            resourceVersion: Rv(start), timeoutSeconds: 1, watchOptions: options, cancellationToken: guard.Token))
        {
            received.Add(e);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(ChangesAfter(cluster, start), received.Select(Identity));
        WatchReconnect reconnect = await reconnected.Task;
        Assert.Equal("stream ended", reconnect.Reason);
        Assert.Equal(received[0].ResourceVersion, reconnect.ResourceVersion);
        Assert.All(cluster.WatchRequests, r => Assert.Equal("1", r["timeoutSeconds"]));
        Assert.Equal(2, cluster.WatchRequests.Count);
    }

    [Fact]
    public async Task Initial_events_are_asked_for_on_the_first_connection_only_and_end_with_a_bookmark()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long origin = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        cluster.Upsert("default", "web-1");
        cluster.Upsert("other", "web-2");
        long state = cluster.ResourceVersion;
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(4));
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(
            sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", watchOptions: FastOptions(), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (e.IsInitialEventsEnd)
            {
                cluster.Upsert("default", "web-0");
            }

            if (received.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(
            new[] { ("ADDED", (string?)"web-0", (string?)Rv(origin + 1)), ("ADDED", "web-1", Rv(origin + 2)), ("ADDED", "web-2", Rv(origin + 3)), ("BOOKMARK", null, Rv(state)), ("MODIFIED", "web-0", Rv(origin + 4)) },
            received.Select(Identity));
        Assert.Equal(new[] { false, false, false, true, false }, received.Select(e => e.IsInitialEventsEnd));

        IReadOnlyList<ServerRequest> watches = cluster.WatchRequests;
        Assert.Equal(2, watches.Count);
        Assert.Equal("true", watches[0]["sendInitialEvents"]);
        Assert.Equal("NotOlderThan", watches[0]["resourceVersionMatch"]);
        Assert.Null(watches[0]["resourceVersion"]);
        Assert.Null(watches[1]["sendInitialEvents"]);
        Assert.Null(watches[1]["resourceVersionMatch"]);
        Assert.Equal(Rv(state), watches[1]["resourceVersion"]);
    }

    [Fact]
    public async Task A_stream_that_ends_without_any_event_is_reconnected_with_backoff_not_in_a_tight_loop()
    {
        // A proxy or server that answers 200 and closes at once.
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.StartStreamAsync);
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource stop = GuardToken();
        var reconnects = new ConcurrentQueue<WatchReconnect>();
        WatchOptions options = FastOptions(r =>
        {
            reconnects.Enqueue(r);
            if (reconnects.Count == 4)
            {
                stop.Cancel();
            }
        });
        options.InitialBackoff = TimeSpan.FromMilliseconds(20);
        options.MaxBackoff = TimeSpan.FromMilliseconds(160);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: "5", watchOptions: options, cancellationToken: stop.Token))
            {
                Assert.Fail("no event was expected, got " + e.Type);
            }
        });

        Assert.Equal(new[] { 20, 40, 80, 160 }, reconnects.Select(r => (int)r.Delay.TotalMilliseconds));
        Assert.All(reconnects, r => Assert.Equal(("stream ended", "5"), (r.Reason, r.ResourceVersion)));
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task The_idle_timeout_restarts_with_every_byte_so_a_slowly_arriving_event_is_not_cut_off()
    {
        string slow = KubeJson.Event("ADDED", KubeJson.SliceObject("default", "slow", "5", endpoints: 20));
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, slow);
        });

        // The event arrives in sixths, 100 ms apart on the watch's clock: it takes 600 ms, twice the idle timeout,
        // but no gap between bytes reaches it.
        FakeTimeProvider clock = Fakes.Clock();
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient(new SlowBodies(clock, (slow.Length / 6) + 1, TimeSpan.FromMilliseconds(100), new SocketsHttpHandler()));
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var options = new WatchOptions { Resume = false, IdleTimeout = TimeSpan.FromMilliseconds(300), TimeProvider = clock };

        List<WatchEvent<EndpointSlice>> received = await client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: options, cancellationToken: guard.Token).ToListAsync(guard.Token);

        Assert.Equal(20, Assert.Single(received).Object.Endpoints.Count);
        TimeSpan took = clock.GetUtcNow() - Fakes.Start;
        Assert.True(took >= 2 * options.IdleTimeout, "the event took " + took + " to arrive, less than twice the idle timeout");
    }

    [Fact]
    public async Task A_stream_that_ends_during_the_initial_events_starts_them_over_instead_of_resuming_from_an_objects_resourceVersion()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long origin = cluster.ResourceVersion;
        for (int i = 0; i < 5; i++)
        {
            cluster.Upsert("default", "web-" + i);
        }

        cluster.Upsert("default", "web-0");   // web-0, sent first, now has the newest resourceVersion
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(1));
        var reconnects = new ConcurrentQueue<WatchReconnect>();
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(
            sendInitialEvents: true, resourceVersionMatch: "NotOlderThan", watchOptions: FastOptions(reconnects.Enqueue), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (e.IsInitialEventsEnd)
            {
                break;
            }
        }

        Assert.Equal(
            new[] { ("ADDED", (string?)"web-0", (string?)Rv(origin + 6)), ("ADDED", "web-0", Rv(origin + 6)), ("ADDED", "web-1", Rv(origin + 2)), ("ADDED", "web-2", Rv(origin + 3)), ("ADDED", "web-3", Rv(origin + 4)), ("ADDED", "web-4", Rv(origin + 5)), ("BOOKMARK", null, Rv(origin + 6)) },
            received.Select(Identity));
        Assert.Null(Assert.Single(reconnects).ResourceVersion);
        IReadOnlyList<ServerRequest> watches = cluster.WatchRequests;
        Assert.Equal(2, watches.Count);
        Assert.All(watches, w => Assert.Equal(("true", "NotOlderThan", (string?)null), (w["sendInitialEvents"], w["resourceVersionMatch"], w["resourceVersion"])));
    }

    [Fact]
    public async Task A_watch_from_the_current_state_resumes_from_a_resourceVersion_only_after_its_synthetic_ADDED_events()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long origin = cluster.ResourceVersion;
        for (int i = 0; i < 3; i++)
        {
            cluster.Upsert("default", "web-" + i);
        }

        cluster.Upsert("default", "web-0");   // origin + 4
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(1));
        cluster.Server.Faults.PlanWatch(WatchFault.EndAfter(4));
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        var received = new List<WatchEvent<EndpointSlice>>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: FastOptions(), cancellationToken: guard.Token))
        {
            received.Add(e);
            if (received.Count == 4)
            {
                cluster.Upsert("default", "web-1");   // origin + 5: a change, after the current state
            }
            else if (received.Count == 5)
            {
                cluster.Delete("default", "web-2");   // origin + 6
            }
            else if (received.Count == 6)
            {
                break;
            }
        }

        Assert.Equal(
            new[] { ("ADDED", (string?)"web-0", (string?)Rv(origin + 4)), ("ADDED", "web-0", Rv(origin + 4)), ("ADDED", "web-1", Rv(origin + 2)), ("ADDED", "web-2", Rv(origin + 3)), ("MODIFIED", "web-1", Rv(origin + 5)), ("DELETED", "web-2", Rv(origin + 6)) },
            received.Select(Identity));
        Assert.Equal(new string?[] { null, null, Rv(origin + 5) }, cluster.WatchRequests.Select(w => w["resourceVersion"]));
    }

    [Fact]
    public async Task A_consumer_slower_than_the_idle_timeout_does_not_trip_it()
    {
        // The idle timer runs on a fake clock: only the consumer moves it, so a slow server under load cannot trip it.
        var clock = new FakeTimeProvider();
        var consumerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, KubeJson.Event("ADDED", KubeJson.SliceObject("default", "web-0", "11")));
            await consumerDone.Task.WaitAsync(context.RequestAborted);
            await Responses.WriteChunkAsync(context, KubeJson.Event("ADDED", KubeJson.SliceObject("default", "web-1", "12")));
        });
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var options = new WatchOptions { Resume = false, IdleTimeout = TimeSpan.FromMilliseconds(200), TimeProvider = clock };

        var received = new List<string?>();
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: options, cancellationToken: guard.Token))
        {
            received.Add(e.Object.Metadata!.Name);

            // Work that takes longer than the idle timeout; the server is not idle, the consumer is busy.
            clock.Advance(TimeSpan.FromMilliseconds(500));
            consumerDone.TrySetResult();
        }

        Assert.Equal(new[] { "web-0", "web-1" }, received);
    }
}

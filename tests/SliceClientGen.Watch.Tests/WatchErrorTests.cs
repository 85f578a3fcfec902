using System.Globalization;
using System.Net;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Testing;
using SliceClientGen.Watch.Tests.Infrastructure;
using SliceClientGen.Watch.Tests.Kube;
using static SliceClientGen.Watch.Tests.Infrastructure.TestHelpers;

namespace SliceClientGen.Watch.Tests;

/// <summary>ERROR events, 410 Gone and cancellation.</summary>
public sealed class WatchErrorTests
{
    private static string Rv(long version) => version.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_ERROR_event_with_a_410_Status_throws_WatchExpiredException()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long old = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        cluster.Compact();
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        WatchExpiredException error = await Assert.ThrowsAsync<WatchExpiredException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(old), watchOptions: FastOptions(), cancellationToken: guard.Token))
            {
                Assert.Fail("no event was expected, got " + e.Type);
            }
        });

        Assert.True(error.IsExpired);
        Assert.Equal(410, error.Code);
        Assert.Equal(HttpStatusCode.Gone, error.StatusCode);
        Assert.Equal("Expired", error.Reason);
        Assert.Contains("too old resource version", error.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("\"code\":410", error.ResponseBody, StringComparison.Ordinal);
        Assert.Single(cluster.WatchRequests);
    }

    [Fact]
    public async Task An_ERROR_event_with_a_500_Status_throws_WatchException_that_is_not_expired()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(async context =>
        {
            await Responses.StartStreamAsync(context);
            await Responses.WriteChunkAsync(context, KubeJson.Event("ADDED", KubeJson.SliceObject("default", "web-0", "11")));
            await Responses.WriteChunkAsync(context, KubeJson.Event("ERROR", KubeJson.StatusObject(500, "InternalError", "etcdserver: request timed out")));
            await Responses.HoldOpenAsync(context);
        });
        (EndpointSlicesClient client, HttpClient http) = server.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();
        var received = new List<WatchEvent<EndpointSlice>>();

        WatchException error = await Assert.ThrowsAsync<WatchException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(watchOptions: FastOptions(), cancellationToken: guard.Token))
            {
                received.Add(e);
            }
        });

        Assert.IsNotType<WatchExpiredException>(error);
        Assert.False(error.IsExpired);
        Assert.Equal(500, error.Code);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalError", error.Reason);
        Assert.Equal("etcdserver: request timed out", error.StatusMessage);
        Assert.Equal("web-0", Assert.Single(received).Object.Metadata!.Name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_HTTP_410_on_connect_throws_WatchExpiredException_without_retrying()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long old = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        cluster.Compact();
        // A server without a watch cache (or an older one) refuses the watch itself instead of streaming an ERROR event.
        cluster.Server.Faults.PlanWatch(WatchFault.Reject(410, "Expired", "too old resource version: " + Rv(old) + " (" + Rv(cluster.ResourceVersion) + ")"));
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using CancellationTokenSource guard = GuardToken();

        WatchExpiredException error = await Assert.ThrowsAsync<WatchExpiredException>(async () =>
        {
            await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(old), watchOptions: FastOptions(), cancellationToken: guard.Token))
            {
                Assert.Fail("no event was expected, got " + e.Type);
            }
        });

        Assert.True(error.IsExpired);
        Assert.Equal(410, error.Code);
        Assert.Contains(Rv(old), error.Message, StringComparison.Ordinal);
        Assert.Single(cluster.WatchRequests);
    }

    [Fact]
    public async Task Cancelling_while_the_watch_waits_for_the_next_event_throws_OperationCanceledException_and_aborts_the_request()
    {
        await using Cluster cluster = await Cluster.StartAsync();
        long start = cluster.ResourceVersion;
        cluster.Upsert("default", "web-0");
        cluster.Upsert("default", "web-1");
        (EndpointSlicesClient client, HttpClient http) = cluster.CreateClient();
        using HttpClient ownedHttp = http;
        using var cancel = new CancellationTokenSource();
        await using IAsyncEnumerator<WatchEvent<EndpointSlice>> watch = client
            .WatchEndpointSlicesAllNamespacesAsync(resourceVersion: Rv(start), watchOptions: FastOptions(), cancellationToken: cancel.Token)
            .GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        Assert.True(await watch.MoveNextAsync());

        // The watch now waits for a third event, which never comes (and its idle timeout is minutes away).
        ValueTask<bool> next = watch.MoveNextAsync();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.AsTask().WaitAsync(Guard));
        ServerRequest request = Assert.Single(cluster.WatchRequests);
        await request.Ended.WaitAsync(Guard);
        Assert.True(request.Aborted);
    }
}

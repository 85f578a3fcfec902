using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>Scripted watch faults, bookmarks on demand and the request log: what a test of a watching client needs from the server.</summary>
public sealed class FaultTests
{
    private static string Watch(string query = "") => TestServer.Collection + "?watch=true&allowWatchBookmarks=true" + query;

    [Fact]
    public async Task A_watch_planned_to_end_ends_cleanly_after_its_events_and_the_next_watch_is_unaffected()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");
        server.Server.Faults.PlanWatch(WatchFault.EndAfter(1));

        await using (WatchReader first = await WatchReader.OpenAsync(server, Watch()))
        {
            Assert.Equal("ADDED a", await first.NextSummaryAsync());
            Assert.Null(await first.NextAsync());
        }

        await using WatchReader second = await WatchReader.OpenAsync(server, Watch());
        Assert.Equal("ADDED a", await second.NextSummaryAsync());
        Assert.Equal("ADDED b", await second.NextSummaryAsync());
    }

    [Fact]
    public async Task A_watch_planned_to_drop_loses_its_connection_after_its_events_without_a_clean_end()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");
        var read = new TaskCompletionSource();
        server.Server.Faults.PlanWatch(WatchFault.DropAfter(1, read.Task));

        await using WatchReader watch = await WatchReader.OpenAsync(server, Watch());
        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        read.SetResult();

        await Assert.ThrowsAnyAsync<IOException>(() => watch.NextAsync());
    }

    [Fact]
    public async Task A_watch_planned_to_fail_sends_an_ERROR_event_with_the_Status_then_ends()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Server.Faults.PlanWatch(WatchFault.ErrorAfter(1, 500, "InternalError", "etcdserver: request timed out"));

        await using WatchReader watch = await WatchReader.OpenAsync(server, Watch());

        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        JsonObject error = (await watch.NextAsync())!;
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal((500, "InternalError", "etcdserver: request timed out"), (error["object"]!["code"]!.GetValue<int>(), error["object"]!["reason"]!.GetValue<string>(), error["object"]!["message"]!.GetValue<string>()));
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task A_watch_planned_to_be_rejected_gets_the_status_and_a_Status_body_instead_of_a_stream()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Server.Faults.PlanWatch(WatchFault.Reject(410, "Expired", "too old resource version: 1 (5)"));

        (int status, JsonObject body) = await server.GetAsync(Watch("&resourceVersion=1"));

        Assert.Equal(410, status);
        Assert.Equal(("Status", "Expired", "too old resource version: 1 (5)"), (body["kind"]!.GetValue<string>(), body["reason"]!.GetValue<string>(), body["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_watch_planned_to_stall_stays_open_and_silent_until_the_client_leaves()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");
        server.Server.Faults.PlanWatch(WatchFault.StallAfter(1));

        ServerRequest stalled;
        await using (WatchReader watch = await WatchReader.OpenAsync(server, Watch()))
        {
            Assert.Equal("ADDED a", await watch.NextSummaryAsync());
            stalled = Assert.Single(server.Server.Requests, r => r.IsWatch);
            await Assert.ThrowsAsync<TimeoutException>(() => stalled.Ended.WaitAsync(TimeSpan.FromMilliseconds(300)));
        }

        await stalled.Ended.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(stalled.Aborted);
    }

    [Fact]
    public async Task SendBookmarks_sends_a_bookmark_at_the_current_resource_version_to_watches_that_asked_for_bookmarks()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        long from = server.Server.Objects.ResourceVersion;
        await using WatchReader withBookmarks = await WatchReader.OpenAsync(server, Watch($"&resourceVersion={from}&labelSelector=kubernetes.io%2Fservice-name%3Dapi"));
        await using WatchReader without = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=true&resourceVersion={from}");
        server.Seed("shop", "b", service: "web");

        long revision = server.Server.Faults.SendBookmarks();

        JsonObject bookmark = (await withBookmarks.NextAsync())!;
        Assert.Equal(("BOOKMARK", revision.ToString()), (bookmark["type"]!.GetValue<string>(), bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.Equal("ADDED b", await without.NextSummaryAsync());
        server.Seed("shop", "c", service: "api");
        Assert.Equal("ADDED c", await withBookmarks.NextSummaryAsync());
    }

    [Fact]
    public async Task The_request_log_records_method_path_every_query_value_status_and_whether_it_was_a_watch()
    {
        await using TestServer server = await TestServer.StartAsync();

        await server.GetAsync(TestServer.In("shop") + "?limit=2&labelSelector=a%3Db&labelSelector=c%3Dd");
        await server.GetAsync(TestServer.In("shop") + "/missing");
        await using (WatchReader watch = await WatchReader.OpenAsync(server, Watch()))
        {
        }

        IReadOnlyList<ServerRequest> requests = server.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(("GET", "/" + TestServer.In("shop"), 200, false), (requests[0].Method, requests[0].Path, requests[0].StatusCode, requests[0].IsWatch));
        Assert.Equal(new[] { "a=b", "c=d" }, requests[0].Query["labelSelector"]);
        Assert.Equal("a=b", requests[0]["labelSelector"]);
        Assert.Equal("2", requests[0]["limit"]);
        Assert.Equal(404, requests[1].StatusCode);
        Assert.True(requests[2].IsWatch);
        Assert.Equal(new long[] { 0, 1, 2 }, requests.Select(r => r.Sequence));
    }
}

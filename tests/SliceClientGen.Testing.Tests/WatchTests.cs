using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>Watches: initial state, resume from a resource version, selectors, bookmarks, 410, timeouts and dropped streams.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task A_watch_without_a_resource_version_sends_the_current_objects_as_ADDED_then_each_change()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + "?watch=true");
        Assert.Equal("ADDED a", await watch.NextSummaryAsync());

        server.Seed("shop", "b");
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["addressType"] = "IPv6");
        server.Server.Objects.Delete(server.Slices, "shop", "b");

        Assert.Equal("ADDED b", await watch.NextSummaryAsync());
        JsonObject modified = (await watch.NextAsync())!;
        Assert.Equal("MODIFIED a", WatchReader.Summary(modified));
        Assert.Equal("IPv6", modified["object"]!["addressType"]!.GetValue<string>());
        JsonObject deleted = (await watch.NextAsync())!;
        Assert.Equal("DELETED b", WatchReader.Summary(deleted));
        Assert.Equal(server.Server.Objects.ResourceVersion.ToString(), deleted["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_exactly_the_later_changes()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        long from = server.Server.Objects.ResourceVersion;
        server.Seed("shop", "b");
        server.Server.Objects.Delete(server.Slices, "shop", "a");

        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=1&resourceVersion={from}");

        Assert.Equal("ADDED b", await watch.NextSummaryAsync());
        Assert.Equal("DELETED a", await watch.NextSummaryAsync());
        server.Seed("shop", "c");
        Assert.Equal("ADDED c", await watch.NextSummaryAsync());
    }

    [Fact]
    public async Task A_label_selector_watch_sees_objects_enter_as_ADDED_and_leave_as_DELETED()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a", service: "web");
        long from = server.Server.Objects.ResourceVersion;
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=true&resourceVersion={from}&labelSelector=kubernetes.io%2Fservice-name%3Dapi");

        server.Seed("shop", "other", service: "web");
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["metadata"]!["labels"]!["kubernetes.io/service-name"] = "api");
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["addressType"] = "IPv6");
        server.Server.Objects.Update(server.Slices, "shop", "a", o => o["metadata"]!["labels"]!["kubernetes.io/service-name"] = "web");

        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        Assert.Equal("MODIFIED a", await watch.NextSummaryAsync());
        Assert.Equal("DELETED a", await watch.NextSummaryAsync());
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resource_version_gets_a_410_ERROR_event_and_ends()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        long old = server.Server.Objects.ResourceVersion;
        server.Seed("shop", "b");
        server.Server.Faults.CompactHistory();

        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=true&resourceVersion={old}");

        Assert.Equal(200, watch.StatusCode);
        JsonObject error = (await watch.NextAsync())!;
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith($"too old resource version: {old}", error["object"]!["message"]!.GetValue<string>());
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_resource_version_when_asked_for()
    {
        // The bookmark interval runs on a fake clock, moved only once the create has been streamed: the bookmark comes after it.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.BookmarkInterval = TimeSpan.FromMinutes(1);
        });
        server.Seed("shop", "a");
        long from = server.Server.Objects.ResourceVersion;
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + $"?watch=true&resourceVersion={from}&allowWatchBookmarks=true");
        server.Server.Objects.Create(new ApiResource("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice"), TestServer.Slice("data", "elsewhere"));
        Assert.Equal("ADDED elsewhere", await watch.NextSummaryAsync());

        clock.Advance(TimeSpan.FromMinutes(1));

        JsonObject bookmark = (await watch.NextAsync())!;
        Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        Assert.Equal("EndpointSlice", bookmark["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(server.Server.Objects.ResourceVersion.ToString(), bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Initial_events_end_with_a_bookmark_marked_initial_events_end()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");

        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan");

        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        Assert.Equal("ADDED b", await watch.NextSummaryAsync());
        JsonObject bookmark = (await watch.NextAsync())!;
        Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        Assert.Equal("true", bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + "?watch=true&timeoutSeconds=1");

        Assert.Equal("ADDED a", await watch.NextSummaryAsync());
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task An_injected_fault_drops_the_watch_connection_after_N_events()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 5; i++)
        {
            server.Seed("shop", $"s-{i}");
        }

        server.Server.Faults.DropWatchAfterEvents = 3;
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.Collection + "?watch=true");

        Assert.Equal("ADDED s-0", await watch.NextSummaryAsync());
        Assert.Equal("ADDED s-1", await watch.NextSummaryAsync());
        Assert.Equal("ADDED s-2", await watch.NextSummaryAsync());
        await Assert.ThrowsAnyAsync<IOException>(() => watch.NextAsync());
    }

    [Fact]
    public async Task Namespaced_watches_see_only_their_namespace()
    {
        await using TestServer server = await TestServer.StartAsync();
        long from = server.Server.Objects.ResourceVersion;
        await using WatchReader watch = await WatchReader.OpenAsync(server, TestServer.In("shop") + $"?watch=true&resourceVersion={from}");

        server.Seed("data", "x");
        server.Seed("shop", "y");

        Assert.Equal("ADDED y", await watch.NextSummaryAsync());
    }
}

using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>Lists: order, namespaces, label and field selectors, limit and continue tokens, 410 Expired.</summary>
public sealed class ListTests
{
    [Fact]
    public async Task A_list_is_ordered_by_namespace_then_name_and_carries_the_current_resource_version()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "b");
        server.Seed("data", "z");
        server.Seed("shop", "a");

        (int status, JsonObject list) = await server.GetAsync(TestServer.Collection);

        Assert.Equal(200, status);
        Assert.Equal("EndpointSliceList", list["kind"]!.GetValue<string>());
        Assert.Equal("discovery.k8s.io/v1", list["apiVersion"]!.GetValue<string>());
        Assert.Equal(new[] { "z", "a", "b" }, TestServer.Names(list));
        Assert.Equal(server.Server.Objects.ResourceVersion.ToString(), list["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_namespaced_list_returns_only_that_namespace()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shopping", "b");
        server.Seed("data", "c");

        (_, JsonObject list) = await server.GetAsync(TestServer.In("shop"));

        Assert.Equal(new[] { "a" }, TestServer.Names(list));
    }

    [Theory]
    [InlineData("app=web", "web-1,web-2")]
    [InlineData("app==web", "web-1,web-2")]
    [InlineData("app!=web", "api-1,bare")]
    [InlineData("app in (web, api)", "api-1,web-1,web-2")]
    [InlineData("app notin (web)", "api-1,bare")]
    [InlineData("tier", "web-1,web-2,api-1")]
    [InlineData("!tier", "bare")]
    [InlineData("app=web,tier=front", "web-1")]
    [InlineData("app in (web),tier notin (front)", "web-2")]
    [InlineData("example.com/role=edge", "web-2")]
    public async Task Label_selectors_support_every_operator(string selector, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();
        Label(server, "web-1", ("app", "web"), ("tier", "front"));
        Label(server, "web-2", ("app", "web"), ("tier", "back"), ("example.com/role", "edge"));
        Label(server, "api-1", ("app", "api"), ("tier", "back"));
        Label(server, "bare");

        (int status, JsonObject list) = await server.GetAsync(TestServer.In("shop") + "?labelSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(200, status);
        Assert.Equal(expected.Split(',').Order(), TestServer.Names(list).Order());
    }

    [Theory]
    [InlineData("app in (web", "expected ','")]
    [InlineData("app=web,", "expected a label key")]
    [InlineData("app >< web", "expected one of")]
    public async Task A_malformed_label_selector_is_a_400_that_says_where(string selector, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.Collection + "?labelSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body["reason"]!.GetValue<string>());
        Assert.Contains(expected, body["message"]!.GetValue<string>());
        Assert.Contains("position", body["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("metadata.name=b", "b")]
    [InlineData("metadata.name==b", "b")]
    [InlineData("metadata.name!=b", "a,c")]
    [InlineData("metadata.namespace=data", "c")]
    [InlineData("metadata.namespace!=data,metadata.name!=a", "b")]
    public async Task Field_selectors_match_name_and_namespace(string selector, string expected)
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");
        server.Seed("data", "c");

        (_, JsonObject list) = await server.GetAsync(TestServer.Collection + "?fieldSelector=" + Uri.EscapeDataString(selector));

        Assert.Equal(expected.Split(',').Order(), TestServer.Names(list).Order());
    }

    [Fact]
    public async Task A_field_selector_on_an_unsupported_field_is_a_400()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.Collection + "?fieldSelector=addressType%3DIPv4");

        Assert.Equal(400, status);
        Assert.Contains("field label not supported: addressType", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Limit_and_continue_return_every_object_once_in_order_with_the_remaining_count()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 23; i++)
        {
            server.Seed(i % 3 == 0 ? "a" : "b", $"s-{i:D2}");
        }

        var names = new List<string>();
        var remaining = new List<long?>();
        string? token = null;
        do
        {
            (int status, JsonObject page) = await server.GetAsync(TestServer.Collection + "?limit=5" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, status);
            Assert.True(TestServer.Names(page).Count <= 5);
            names.AddRange(TestServer.Names(page));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            remaining.Add(page["metadata"]!["remainingItemCount"]?.GetValue<long>());
        }
        while (token is not null);

        Assert.Equal(server.Server.Objects.List(server.Slices).Select(o => o["metadata"]!["name"]!.GetValue<string>()), names);
        Assert.Equal(new long?[] { 18, 13, 8, 3, null }, remaining);
    }

    [Fact]
    public async Task Pages_stay_consistent_at_the_first_pages_resource_version_while_objects_change()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 30; i++)
        {
            server.Seed("shop", $"s-{i:D2}");
        }

        Dictionary<string, string> before = server.Server.Objects.List(server.Slices)
            .ToDictionary(o => o["metadata"]!["name"]!.GetValue<string>(), o => o["metadata"]!["resourceVersion"]!.GetValue<string>());
        (_, JsonObject first) = await server.GetAsync(TestServer.Collection + "?limit=10");
        string listVersion = first["metadata"]!["resourceVersion"]!.GetValue<string>();
        var seen = first["items"]!.AsArray().ToList();

        string? token = first["metadata"]!["continue"]!.GetValue<string>();
        int round = 0;
        while (token is not null)
        {
            // Writes between pages: a new object, a deleted one, a changed one — all after the list's resource version.
            server.Seed("shop", $"s-new-{round}");
            server.Server.Objects.Delete(server.Slices, "shop", $"s-{25 + round:D2}");
            server.Server.Objects.Update(server.Slices, "shop", $"s-{12 + round:D2}", o => o["addressType"] = "IPv6");
            round++;

            (int status, JsonObject page) = await server.GetAsync(TestServer.Collection + "?limit=10&continue=" + Uri.EscapeDataString(token));
            Assert.Equal(200, status);
            Assert.Equal(listVersion, page["metadata"]!["resourceVersion"]!.GetValue<string>());
            seen.AddRange(page["items"]!.AsArray());
            token = page["metadata"]!["continue"]?.GetValue<string>();
        }

        Assert.Equal(before, seen.ToDictionary(o => o!["metadata"]!["name"]!.GetValue<string>(), o => o!["metadata"]!["resourceVersion"]!.GetValue<string>()));
        Assert.All(seen, o => Assert.Equal("IPv4", o!["addressType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pages_read_while_a_writer_runs_concurrently_are_exactly_the_state_at_the_lists_resource_version()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 200; i++)
        {
            server.Seed(i % 2 == 0 ? "shop" : "data", $"s-{i:D3}");
        }

        using var stop = new CancellationTokenSource();
        int writes = 0;
        Task writer = Task.Run(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                string ns = random.Next(2) == 0 ? "shop" : "data";
                string name = $"s-{random.Next(300):D3}";
                if (server.Server.Objects.Get(server.Slices, ns, name) is null)
                {
                    try { server.Seed(ns, name); } catch (InvalidOperationException) { }
                }
                else if (random.Next(2) == 0)
                {
                    server.Server.Objects.Delete(server.Slices, ns, name);
                }
                else
                {
                    try { server.Server.Objects.Update(server.Slices, ns, name, o => o["addressType"] = "IPv6"); } catch (KeyNotFoundException) { }
                }

                Interlocked.Increment(ref writes);
            }
        });

        var paged = new List<JsonNode?>();
        string? listVersion = null;
        string? token = null;
        int pages = 0;
        do
        {
            (int status, JsonObject page) = await server.GetAsync(TestServer.Collection + "?limit=7" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            Assert.Equal(200, status);
            listVersion ??= page["metadata"]!["resourceVersion"]!.GetValue<string>();
            Assert.Equal(listVersion, page["metadata"]!["resourceVersion"]!.GetValue<string>());
            paged.AddRange(page["items"]!.AsArray().Select(i => i!.DeepClone()));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);
        stop.Cancel();
        await writer;

        // The server keeps the states that served recent lists; 70 more lists at new versions push this one out, so
        // the exact list below rebuilds the state from the write history instead: an independent account.
        for (int i = 0; i < 70; i++)
        {
            server.Seed("other", $"x-{i}");
            await server.GetAsync(TestServer.In("other") + "?limit=1");
        }

        (_, JsonObject exact) = await server.GetAsync(TestServer.Collection + $"?resourceVersion={listVersion}&resourceVersionMatch=Exact");
        Assert.True(writes > pages, $"the writer made only {writes} writes during {pages} pages");
        Assert.All(paged, i => Assert.True(long.Parse(i!["metadata"]!["resourceVersion"]!.GetValue<string>()) <= long.Parse(listVersion!)));
        Assert.Equal(
            exact["items"]!.AsArray().Select(i => i!["metadata"]!["namespace"] + "/" + i["metadata"]!["name"] + "@" + i["metadata"]!["resourceVersion"]),
            paged.Select(i => i!["metadata"]!["namespace"] + "/" + i["metadata"]!["name"] + "@" + i["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task A_continue_token_from_before_a_compaction_is_410_Expired_with_a_fresh_token_for_the_rest()
    {
        await using TestServer server = await TestServer.StartAsync();
        for (int i = 0; i < 9; i++)
        {
            server.Seed("shop", $"s-{i}");
        }

        (_, JsonObject first) = await server.GetAsync(TestServer.Collection + "?limit=4");
        server.Seed("shop", "s-late");
        server.Server.Faults.CompactHistory();

        (int status, JsonObject expired) = await server.GetAsync(TestServer.Collection + "?limit=4&continue=" + Uri.EscapeDataString(first["metadata"]!["continue"]!.GetValue<string>()));

        Assert.Equal(410, status);
        Assert.Equal("Expired", expired["reason"]!.GetValue<string>());
        Assert.Equal(410, expired["code"]!.GetValue<int>());
        string fresh = expired["metadata"]!["continue"]!.GetValue<string>();
        (int freshStatus, JsonObject rest) = await server.GetAsync(TestServer.Collection + "?continue=" + Uri.EscapeDataString(fresh));
        Assert.Equal(200, freshStatus);
        Assert.Equal(new[] { "s-4", "s-5", "s-6", "s-7", "s-8", "s-late" }, TestServer.Names(rest));
    }

    [Fact]
    public async Task Continue_tokens_expire_once_the_compaction_window_has_passed_writes_after_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.CompactionWindow = TimeSpan.FromMinutes(1);
        });
        for (int i = 0; i < 6; i++)
        {
            server.Seed("shop", $"s-{i}");
        }

        (_, JsonObject first) = await server.GetAsync(TestServer.Collection + "?limit=2");
        string token = Uri.EscapeDataString(first["metadata"]!["continue"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(2));
        server.Seed("shop", "s-later");
        Assert.Equal(200, (await server.GetAsync(TestServer.Collection + "?limit=2&continue=" + token)).Status);

        clock.Advance(TimeSpan.FromMinutes(2));
        server.Seed("shop", "s-even-later");

        Assert.Equal(410, (await server.GetAsync(TestServer.Collection + "?limit=2&continue=" + token)).Status);
    }

    [Fact]
    public async Task An_exact_resource_version_lists_the_state_at_that_version()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("shop", "b");
        long then = server.Server.Objects.ResourceVersion;
        server.Server.Objects.Delete(server.Slices, "shop", "a");
        server.Seed("shop", "c");

        (int status, JsonObject list) = await server.GetAsync(TestServer.Collection + $"?resourceVersion={then}&resourceVersionMatch=Exact");

        Assert.Equal(200, status);
        Assert.Equal(new[] { "a", "b" }, TestServer.Names(list));
        Assert.Equal(then.ToString(), list["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_exact_resource_version_older_than_the_kept_history_is_410()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        long then = server.Server.Objects.ResourceVersion;
        server.Seed("shop", "b");
        server.Server.Faults.CompactHistory();

        (int status, JsonObject body) = await server.GetAsync(TestServer.Collection + $"?resourceVersion={then}&resourceVersionMatch=Exact");

        Assert.Equal(410, status);
        Assert.StartsWith($"too old resource version: {then}", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_continue_token_this_server_did_not_make_is_a_400()
    {
        await using TestServer server = await TestServer.StartAsync();

        (int status, JsonObject body) = await server.GetAsync(TestServer.Collection + "?continue=not-a-token");

        Assert.Equal(400, status);
        Assert.Contains("continue key is not valid", body["message"]!.GetValue<string>());
    }

    private static void Label(TestServer server, string name, params (string Key, string Value)[] labels)
    {
        JsonObject slice = TestServer.Slice("shop", name);
        var labelObject = new JsonObject();
        foreach ((string key, string value) in labels)
        {
            labelObject[key] = value;
        }

        slice["metadata"]!["labels"] = labelObject;
        server.Server.Objects.Create(server.Slices, slice);
    }
}

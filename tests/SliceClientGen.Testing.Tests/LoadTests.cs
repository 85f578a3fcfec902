using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// Many watchers with different selectors while writers change objects quickly, with paged lists in between: each
/// watcher must receive every matching change exactly once, in resourceVersion order. Bounded (a couple of seconds of
/// writes), loopback only; the long run is a benchmark command (benchmarks/README.md).
/// </summary>
public sealed class LoadTests
{
    private const int Services = 20;
    private const int Watchers = 200;

    [Fact]
    public async Task Two_hundred_watchers_receive_every_matching_change_exactly_once_in_order_while_writers_and_paged_lists_run()
    {
        await using TestServer server = await TestServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Watchers + 16 }) { BaseAddress = server.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServer.Token);
        server.Seed("load", "seed");
        long from = server.Server.Objects.ResourceVersion;

        // Watcher i selects one service (equality) or, for every fifth, two services (set-based).
        string[] Selected(int i) => i % 5 == 0 ? new[] { "svc-" + (i % Services), "svc-" + ((i + 1) % Services) } : new[] { "svc-" + (i % Services) };
        string SelectorOf(int i) => i % 5 == 0
            ? "kubernetes.io/service-name in (" + string.Join(",", Selected(i)) + ")"
            : "kubernetes.io/service-name=" + Selected(i)[0];

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new ConcurrentDictionary<int, List<(string Type, string Name, long Version)>>();
        var lastVersions = new ConcurrentDictionary<string, long>();
        var allWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = new List<Task>();
        var started = new CountdownEvent(Watchers);
        for (int i = 0; i < Watchers; i++)
        {
            int watcher = i;
            watching.Add(Task.Run(async () =>
            {
                var events = received[watcher] = new List<(string, string, long)>();
                string path = TestServer.In("load") + $"?watch=true&allowWatchBookmarks=true&resourceVersion={from}&labelSelector={Uri.EscapeDataString(SelectorOf(watcher))}";
                using HttpResponseMessage response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, guard.Token);
                started.Signal();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
                while (true)
                {
                    if (allWritten.Task.IsCompleted && Selected(watcher).All(s => !lastVersions.TryGetValue(s, out long last) || events.Exists(e => e.Item3 == last)))
                    {
                        return;
                    }

                    string? line = await reader.ReadLineAsync(guard.Token);
                    if (line is null)
                    {
                        return;
                    }

                    JsonObject e = JsonNode.Parse(line)!.AsObject();
                    if (e["type"]!.GetValue<string>() == "BOOKMARK")
                    {
                        continue;
                    }

                    events.Add((e["type"]!.GetValue<string>(), e["object"]!["metadata"]!["name"]!.GetValue<string>(), long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>())));
                }
            }));
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the watchers did not all connect");

        // Two writers, each about 250 changes per second for 2 s: creates, updates and deletes across the services.
        var written = new ConcurrentQueue<(string Type, string Name, string Service, long Version)>();
        var writeLock = new object();
        async Task WriteAsync(int writer)
        {
            var clock = Stopwatch.StartNew();
            int n = 0;
            var live = new List<string>();
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                string name = $"w{writer}-{n % 60}";
                JsonObject stored;
                string type;
                lock (writeLock)
                {
                if (server.Server.Objects.Get(server.Slices, "load", name) is null)
                {
                    stored = server.Server.Objects.Create(server.Slices, TestServer.Slice("load", name, service: "svc-" + (n % 60 % Services)));
                    type = "ADDED";
                }
                else if (n % 7 == 0)
                {
                    JsonObject last = server.Server.Objects.Get(server.Slices, "load", name)!;
                    server.Server.Objects.Delete(server.Slices, "load", name);
                    stored = last;
                    stored["metadata"]!["resourceVersion"] = server.Server.Objects.ResourceVersion.ToString();
                    type = "DELETED";
                }
                else
                {
                    stored = server.Server.Objects.Update(server.Slices, "load", name, o => o["endpoints"]![0]!["addresses"]![0] = "10.1." + (n % 250) + ".1");
                    type = "MODIFIED";
                }

                // Under the lock: a delete's resource version is the store's newest one.
                written.Enqueue((type, name, stored["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>(), long.Parse(stored["metadata"]!["resourceVersion"]!.GetValue<string>())));
                }

                n++;
                if (n % 5 == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }
        }

        // Paged lists in between, each page consistent with its snapshot.
        async Task ListAsync()
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                string? next = null;
                do
                {
                    (int status, JsonObject page) = await server.GetAsync(TestServer.In("load") + "?limit=25" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next)));
                    Assert.Equal(200, status);
                    next = page["metadata"]!["continue"]?.GetValue<string>();
                }
                while (!string.IsNullOrEmpty(next));
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(0)), Task.Run(() => WriteAsync(1)), Task.Run(ListAsync));
        foreach (var group in written.GroupBy(w => w.Service))
        {
            lastVersions[group.Key] = group.Max(w => w.Version);
        }

        allWritten.SetResult();

        // Wake the watchers that already have everything (they wait for a next event): a bookmark, which they skip.
        server.Server.Faults.SendBookmarks();
        await Task.WhenAll(watching).WaitAsync(guard.Token);

        var ordered = written.OrderBy(w => w.Version).ToList();
        Assert.True(ordered.Count > 500, "only " + ordered.Count + " changes were made");
        for (int i = 0; i < Watchers; i++)
        {
            string[] selected = Selected(i);
            var expected = ordered.Where(w => selected.Contains(w.Service)).Select(w => (w.Type, w.Name, w.Version)).ToList();
            Assert.Equal(expected, received[i]);
        }
    }
}

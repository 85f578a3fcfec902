using SliceClientGen.Testing.Storage;
using SliceClientGen.Testing.Tests.Infrastructure;
using SliceClientGen.TestSupport.Load;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// Many watchers with different selectors while writers change objects over HTTP and paged lists run in between (the
/// shared <see cref="WatchLoad"/> driver; the 30-second run at 500 changes per second is the benchmark command
/// <c>--watch-load</c>, benchmarks/README.md). Bounded by a number of changes, not by time; loopback only.
/// </summary>
public sealed class LoadTests
{
    [Fact]
    public async Task Two_hundred_watchers_receive_every_matching_change_exactly_once_in_order_while_history_is_compacted()
    {
        // Every write moves the server's clock 10 ms on: with a 1 s window, history keeps about the last 100 writes.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using TestServer server = await TestServer.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.CompactionWindow = TimeSpan.FromSeconds(1);
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server.Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestServer.Token);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        WatchLoadReport report = await WatchLoad.RunAsync(http, new WatchLoadOptions { Watchers = 200, Changes = 600, AfterWrite = () => clock.Advance(TimeSpan.FromMilliseconds(10)) }, guard.Token);

        Assert.Empty(report.Problems);
        Assert.Equal((600, 0, 0, 0, 0), (report.Changes, report.Lost, report.Duplicated, report.OutOfOrder, report.Unexpected));
        Assert.NotEmpty(report.ListPages);
        Assert.InRange(server.Server.Store.Table(server.Slices).History.Count, 1, 150);
    }

    [Fact]
    public void A_watch_whose_queue_is_full_ends_after_sending_what_was_queued()
    {
        var watcher = new Watcher(limit: 2);
        WatchRecord[] records = Enumerable.Range(1, 3)
            .Select(i => new WatchRecord("ADDED", i, StoredObject.From(TestServer.Slice("shop", "s" + i), i), null))
            .ToArray();

        foreach (WatchRecord record in records)
        {
            watcher.Publish(record);
        }

        var sent = new List<long>();
        while (watcher.TryRead(out WatchRecord? record))
        {
            sent.Add(record.Revision);
        }

        Assert.True(watcher.Overflowed);
        Assert.Equal(new long[] { 1, 2 }, sent);
        Assert.True(watcher.Reader.Completion.IsCompleted);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.TestSupport.Load;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 16, <c>-- --watch-load [seconds]</c>: the embedded API server in a child process (10 s compaction window)
/// under 200 watchers with different label selectors, eight writers making 500 changes per second together over HTTP for 30 s,
/// and paged lists (limit 50) in between (<see cref="WatchLoad"/>, which the bounded test also runs). Reports
/// whether every watcher received every matching change exactly once in order, the list page latency percentiles, and
/// the server process's managed heap (after a full collection) and working set every 5 s (history older than the window is compacted, so it levels off).
/// Exit code 1 when an event was lost, repeated, misordered or misrouted.
/// </summary>
internal static class WatchLoadBenchmark
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        using ServerProcess server = await ServerProcess.StartAsync(0, 1, Window);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var samples = new List<(TimeSpan At, long Heap, long WorkingSet)>();
        using var done = new CancellationTokenSource();
        var started = DateTime.UtcNow;
        Task sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                samples.Add((DateTime.UtcNow - started, await server.ManagedHeapAsync(), server.WorkingSet));
                await Task.Delay(SampleEvery, done.Token).ContinueWith(_ => { });
            }
        });

        using var guard = new CancellationTokenSource(duration + TimeSpan.FromMinutes(5));
        WatchLoadReport report = await WatchLoad.RunAsync(http, new WatchLoadOptions { Watchers = 200, Writers = 8, ChangesPerSecond = 500, Duration = duration }, guard.Token);
        await done.CancelAsync();
        await sampler;

        Console.WriteLine($"Changes: {report.Changes:N0} in {report.WriteTime.TotalSeconds:F1} s ({report.Changes / report.WriteTime.TotalSeconds:F0}/s); events received by 200 watchers: {report.EventsReceived:N0}");
        Console.WriteLine($"Lost: {report.Lost}, repeated: {report.Duplicated}, out of order: {report.OutOfOrder}, not selected: {report.Unexpected}, watches resumed: {report.Reconnects}");
        Console.WriteLine();
        Console.WriteLine("| List pages (limit 50) | p50 | p90 | p99 | max |");
        Console.WriteLine("|----------------------:|----:|----:|----:|----:|");
        Console.WriteLine($"| {report.ListPages.Count:N0} | {Ms(report.ListPercentile(0.5))} | {Ms(report.ListPercentile(0.9))} | {Ms(report.ListPercentile(0.99))} | {Ms(report.ListPercentile(1))} |");
        Console.WriteLine();
        Console.WriteLine("| Server, at | " + string.Join(" | ", samples.ConvertAll(s => $"{s.At.TotalSeconds:F0} s")) + " |");
        Console.WriteLine("|---|" + string.Concat(samples.ConvertAll(_ => "---:|")));
        Console.WriteLine("| Managed heap after full GC | " + string.Join(" | ", samples.ConvertAll(s => Mb(s.Heap))) + " |");
        Console.WriteLine("| Working set | " + string.Join(" | ", samples.ConvertAll(s => Mb(s.WorkingSet))) + " |");
        foreach (string problem in report.Problems)
        {
            Console.WriteLine("problem: " + problem);
        }

        return report.Lost + report.Duplicated + report.OutOfOrder + report.Unexpected + report.Problems.Count == 0 ? 0 : 1;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}

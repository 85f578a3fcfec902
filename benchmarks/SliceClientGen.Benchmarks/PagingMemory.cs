using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Benchmarks.Kube;
using SliceClientGen.Testing;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 7 item 4, <c>-- --paging-memory</c>: enumerates 10,000 and then 100,000 slices (10 endpoints each) in pages of
/// 500 through the generated <c>EnumerateEndpointSlicesAllNamespacesAsync</c>, from the embedded API server running in
/// a child process (so the server's own memory is not counted), and reports this process's peak managed heap for
/// each, their ratio (target ≤ 1.2: memory does not grow with the total) and the bytes allocated per slice.
/// Peak = the largest <see cref="GC.GetTotalMemory(bool)"/> seen by a 1 ms sampler during the enumeration; live =
/// the largest heap after a full collection at page boundaries (what the enumeration retains).
/// </summary>
internal static class PagingMemory
{
    private const int PageSize = 500;
    private const int EndpointsPerSlice = 10;

    public static async Task<int> RunAsync()
    {
        // Warm up with a full 10k run (JIT, connection pool, buffer pools at their steady size) so the first measured run does not pay for it.
        await MeasureAsync(10_000);
        Result small = await MeasureAsync(10_000);
        Result large = await MeasureAsync(100_000);

        Console.WriteLine();
        Console.WriteLine("| Slices | Pages | Peak managed heap | Live after full GC (max) | Allocated per slice |");
        Console.WriteLine("|-------:|------:|------------------:|-------------------------:|--------------------:|");
        foreach (Result r in new[] { small, large })
        {
            Console.WriteLine($"| {r.Slices:N0} | {r.Pages:N0} | {Mb(r.PeakHeap)} | {Mb(r.PeakLive)} | {r.AllocatedBytes / r.Slices:N0} B |");
        }

        double ratio = (double)large.PeakHeap / small.PeakHeap;
        double liveRatio = (double)large.PeakLive / small.PeakLive;
        Console.WriteLine();
        Console.WriteLine($"Peak managed heap 100k / 10k: {ratio:F2} (target ≤ 1.20); live: {liveRatio:F2}");
        return ratio <= 1.2 ? 0 : 1;
    }

    /// <summary>The child process: an embedded server seeded with <paramref name="slices"/> slices, until stdin closes.</summary>
    public static async Task<int> ServeAsync(int slices, int endpointsPerSlice = EndpointsPerSlice, TimeSpan? compactionWindow = null)
    {
        var options = new KubeApiServerOptions
        {
            Resources = { new ApiResource("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice") },
        };
        if (compactionWindow is { } window)
        {
            options.CompactionWindow = window;
        }

        await using KubeApiServer server = await KubeApiServer.StartAsync(options);
        ApiResource resource = server.Resources[0];
        for (int i = 0; i < slices; i++)
        {
            server.Objects.Create(resource, JsonNode.Parse(SliceData.Slice(i, endpointsPerSlice))!.AsObject());
        }

        Console.WriteLine("READY " + server.BaseAddress);

        // Until stdin closes; "heap" asks for the managed heap after a full collection (ServerProcess.ManagedHeapAsync).
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "heap")
            {
                Console.WriteLine("heap " + GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture));
            }
        }

        return 0;
    }

    private static async Task<Result> MeasureAsync(int slices)
    {
        using ServerProcess server = await ServerProcess.StartAsync(slices, EndpointsPerSlice);
        {
            var baseAddress = server.BaseAddress;
            using var http = new HttpClient { BaseAddress = baseAddress };
            var client = new EndpointSlicesClient(http);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long peak = GC.GetTotalMemory(false);
            long peakLive = 0;
            using var done = new CancellationTokenSource();
            var sampler = new Thread(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    long now = GC.GetTotalMemory(false);
                    if (now > Volatile.Read(ref peak))
                    {
                        Volatile.Write(ref peak, now);
                    }

                    Thread.Sleep(1);
                }
            }) { IsBackground = true };
            sampler.Start();

            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            int count = 0;
            long endpoints = 0;
            await foreach (EndpointSlice slice in client.EnumerateEndpointSlicesAllNamespacesAsync(pageSize: PageSize))
            {
                count++;
                endpoints += slice.Endpoints.Count;
                if (count % PageSize == 0)
                {
                    long live = GC.GetTotalMemory(forceFullCollection: true);
                    peakLive = Math.Max(peakLive, live);
                    if (Environment.GetEnvironmentVariable("PAGING_TRACE") is not null && count % (PageSize * 20) == 0)
                    {
                        Console.Error.WriteLine($"{count}: live {live / 1024} KB");
                    }
                }
            }

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            done.Cancel();
            sampler.Join();
            if (count != slices || endpoints != (long)slices * EndpointsPerSlice)
            {
                throw new InvalidOperationException($"Enumerated {count} slices with {endpoints} endpoints, expected {slices} with {slices * EndpointsPerSlice}.");
            }

            return new Result(slices, (slices + PageSize - 1) / PageSize, Volatile.Read(ref peak), peakLive, allocated);
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private sealed record Result(int Slices, int Pages, long PeakHeap, long PeakLive, long AllocatedBytes);
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using k8s;
using k8s.Models;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// Issue 15, <c>-- --informer-memory</c>: the initial sync of 1,000 slices × 100 endpoints from the embedded API server
/// (in a child process), and the bytes the cache retains per endpoint, against holding the same slices as
/// KubernetesClient 21.0.8 models (one list request, deserialized with <c>KubernetesJson</c>). Retained = managed heap
/// after a full collection while the cache is alive, minus the heap before. Times are the best of
/// <see cref="Rounds"/> rounds (single shots, not BenchmarkDotNet statistics: each round moves 29 MB over loopback).
/// </summary>
internal static class InformerMemory
{
    private const int Slices = 1000;
    private const int EndpointsPerSlice = 100;
    private const int Rounds = 3;
    private const long Endpoints = (long)Slices * EndpointsPerSlice;

    private static readonly string[] Configurations = ["kubernetes-client", "informer-plain", "informer", "informer-view"];

    /// <summary>Measures each configuration in a process of its own (a fresh heap), against one server process.</summary>
    public static async Task<int> RunAsync()
    {
        using ServerProcess server = await ServerProcess.StartAsync(Slices, EndpointsPerSlice);
        var rows = new List<(string Name, double Milliseconds, long Retained)>();
        foreach (string configuration in Configurations)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(InformerMemory).Assembly.Location);
            }

            foreach (string argument in new[] { "--informer-memory-one", configuration, server.BaseAddress.ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            using Process child = Process.Start(start)!;
            string output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            string[] result = output.Trim().Split('\n')[^1].Split('\t');
            if (child.ExitCode != 0 || result.Length != 3)
            {
                throw new InvalidOperationException(configuration + " failed: " + output);
            }

            rows.Add((result[0], double.Parse(result[1], CultureInfo.InvariantCulture), long.Parse(result[2], CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Join(" ", result));
        }

        long baseline = rows[0].Retained;
        Console.WriteLine();
        Console.WriteLine("| Holding 1,000 slices × 100 endpoints | Sync time (best of 3) | Retained | Bytes per endpoint | Ratio to KubernetesClient |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, double milliseconds, long retained) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {milliseconds:F0} ms | {retained / 1024.0 / 1024.0:F1} MB | {retained / Endpoints:N0} B | {(double)retained / baseline:F2} |"));
        }

        return 0;
    }

    /// <summary>
    /// One configuration, in a fresh process: after a small warm-up, the retained bytes of the first sync (heap after it, with the
    /// cache alive, minus the heap before), then the best time of <see cref="Rounds"/> syncs. Prints name, milliseconds, bytes.
    /// </summary>
    public static async Task<int> RunOneAsync(string configuration, Uri server)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        var client = new DiscoveryV1Client(http);
        (string name, Func<Task<Func<ValueTask>>> hold) = configuration switch
        {
            "kubernetes-client" => ("KubernetesClient 21.0.8 models (one list, KubernetesJson)", (Func<Task<Func<ValueTask>>>)(() => KubernetesClientListAsync(http))),
            "informer-plain" => ("Informer, no transform (plain generated models)", () => InformerAsync(client, new InformerOptions<EndpointSlice> { Transform = static (s, _) => s })),
            "informer" => ("Informer, default transform (string pool, no managedFields)", () => InformerAsync(client, null)),
            "informer-view" => ("Informer + per-Service view", () => InformerWithViewAsync(client)),
            _ => throw new ArgumentException("Unknown configuration " + configuration),
        };

        // Warm up with a small payload (JIT, serializer metadata, a pooled connection), which retains nothing large: a
        // full warm-up sync would still be partly alive when the measurement starts.
        byte[] small = SliceData.List(10, EndpointsPerSlice);
        GC.KeepAlive(System.Text.Json.JsonSerializer.Deserialize<EndpointSliceList>(small));
        GC.KeepAlive(KubernetesJson.Deserialize<V1EndpointSliceList>(System.Text.Encoding.UTF8.GetString(small)));
        await http.GetStringAsync("/apis/discovery.k8s.io/v1/endpointslices?limit=1");
        small = null!;
        long before = Heap();
        Func<ValueTask> release = await hold();
        long retained = Heap() - before;
        await release();
        release = null!;
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            release = await hold();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            await release();
            release = null!;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{best:F0}\t{retained}"));
        return 0;
    }

    private static async Task<Func<ValueTask>> KubernetesClientListAsync(HttpClient http)
    {
        V1EndpointSliceList list;
        using (Stream body = await http.GetStreamAsync("/apis/discovery.k8s.io/v1/endpointslices"))
        {
            list = KubernetesJson.Deserialize<V1EndpointSliceList>(body);
        }

        Check(list.Items.Count, list.Items.Sum(s => s.Endpoints.Count));
        return () =>
        {
            GC.KeepAlive(list);
            return ValueTask.CompletedTask;
        };
    }

    private static async Task<Func<ValueTask>> InformerAsync(DiscoveryV1Client client, InformerOptions<EndpointSlice>? options)
    {
        Informer<EndpointSlice> informer = client.CreateEndpointSliceInformer(options: options);
        await informer.StartAsync();
        await informer.WaitForSyncAsync();
        Check(informer.Count, informer.List().Sum(s => s.Endpoints.Count));
        return informer.DisposeAsync;
    }

    private static async Task<Func<ValueTask>> InformerWithViewAsync(DiscoveryV1Client client)
    {
        Informer<EndpointSlice> informer = client.CreateEndpointSliceInformer();
        ServiceEndpointsView view = informer.CreateServiceView();
        await informer.StartAsync();
        await informer.WaitForSyncAsync();
        Check(informer.Count, informer.List().Sum(s => s.Endpoints.Count));
        if (view.Services().Count == 0)
        {
            throw new InvalidOperationException("The view is empty.");
        }
        return async () =>
        {
            view.Dispose();
            await informer.DisposeAsync();
        };
    }

    private static void Check(int slices, long endpoints)
    {
        if (slices != Slices || endpoints != Endpoints)
        {
            throw new InvalidOperationException($"Held {slices} slices with {endpoints} endpoints, expected {Slices} with {Endpoints}.");
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kube = SliceClientGen.Benchmarks.Kube;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// <c>-- --verify</c>: checks that the benchmarks compare like with like before timing anything: the generated
/// converters read the payload and write back exactly the same bytes (wire order included), and the plain classes
/// read the same number of endpoints. Also prints the payload size and how many distinct string instances the
/// interning left for the repeated values.
/// </summary>
public static class Verify
{
    public static int Run()
    {
        byte[] bytes = Payloads.List;
        Console.WriteLine($"List payload: {bytes.Length:N0} bytes; small slice: {Payloads.SmallSlice.Length:N0} bytes; watch event: {SliceData.WatchEvent(1).Length:N0} bytes.");
        Kube.EndpointSliceList list = JsonSerializer.Deserialize<Kube.EndpointSliceList>(bytes)!;
        long before = GC.GetAllocatedBytesForCurrentThread();
        list = JsonSerializer.Deserialize<Kube.EndpointSliceList>(bytes)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        byte[] written = JsonSerializer.SerializeToUtf8Bytes(list);
        bool same = written.AsSpan().SequenceEqual(bytes);
        Console.WriteLine($"Generated: {list.Items.Count} slices, {list.Items.Sum(s => s.Endpoints.Count)} endpoints, {allocated:N0} bytes allocated; written back byte for byte: {same}.");

        var endpoints = list.Items.SelectMany(s => s.Endpoints).ToList();
        Console.WriteLine("Distinct instances / distinct values: "
            + Describe("zone", endpoints.Select(e => e.Zone)) + ", "
            + Describe("nodeName", endpoints.Select(e => e.NodeName)) + ", "
            + Describe("targetRef.kind", endpoints.Select(e => e.TargetRef?.Kind)) + ", "
            + Describe("targetRef.namespace", endpoints.Select(e => e.TargetRef?.Namespace)) + ", "
            + Describe("targetRef.uid", endpoints.Select(e => e.TargetRef?.Uid)) + ", "
            + Describe("label keys", list.Items.SelectMany(s => s.Metadata!.Labels!.Keys)));

        var poco = JsonSerializer.Deserialize(bytes, Payloads.SourceGen.EndpointSliceList)!;
        before = GC.GetAllocatedBytesForCurrentThread();
        poco = JsonSerializer.Deserialize(bytes, Payloads.SourceGen.EndpointSliceList)!;
        long pocoAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"Deserialize allocation: generated {allocated:N0} bytes, STJ source gen {pocoAllocated:N0} bytes: {(double)allocated / pocoAllocated:F3}x (issue 12: at most 0.76x).");
        bool pocoSame = poco.Items.Count == list.Items.Count && poco.Items.Sum(s => s.Endpoints.Count) == endpoints.Count
            && poco.Items.SelectMany(s => s.Endpoints).Select(e => e.TargetRef!.Uid).SequenceEqual(endpoints.Select(e => e.TargetRef!.Uid));
        Console.WriteLine($"Plain classes read the same endpoints: {pocoSame}.");
        byte[] pocoWritten = JsonSerializer.SerializeToUtf8Bytes(poco, Payloads.SourceGen.EndpointSliceList);
        Console.WriteLine($"Serialize writes: generated {written.Length:N0} bytes, STJ source gen {pocoWritten.Length:N0} bytes (its declaration order, the same members).");
        Time("generated", () => JsonSerializer.Deserialize<Kube.EndpointSliceList>(bytes));
        Time("STJ source gen", () => JsonSerializer.Deserialize(bytes, Payloads.SourceGen.EndpointSliceList));
        Time("generated", () => JsonSerializer.Deserialize<Kube.EndpointSliceList>(bytes));
        Time("STJ source gen", () => JsonSerializer.Deserialize(bytes, Payloads.SourceGen.EndpointSliceList));
        return same && pocoSame ? 0 : 1;
    }

    private static void Time(string what, Func<object?> action)
    {
        GC.Collect();
        TimeSpan pause = GC.GetTotalPauseDuration();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        const int Runs = 5;
        for (int i = 0; i < Runs; i++)
        {
            action();
        }

        watch.Stop();
        Console.WriteLine($"{what}: {watch.Elapsed.TotalMilliseconds / Runs:F1} ms per run, of which GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / Runs:F1} ms.");
    }

    private static string Describe(string what, IEnumerable<string?> values)
    {
        var items = values.Where(v => v is not null).Select(v => v!).ToList();
        int instances = new HashSet<string>(items, ReferenceEqualityComparer.Instance as IEqualityComparer<string> ?? throw new InvalidOperationException()).Count;
        return $"{what} {instances:N0}/{items.Distinct().Count():N0}";
    }
}

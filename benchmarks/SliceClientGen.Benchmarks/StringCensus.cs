using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kube = SliceClientGen.Benchmarks.Kube;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// <c>-- --string-census</c>: how the generated reader shares repeated strings in the 1,000 × 100 list: per endpoint
/// string property, the distinct values and the string instances holding them, the bytes one read allocates, and how
/// far in memory each string sits from the endpoint that refers to it once the list is compacted as the serialize
/// benchmark finds it. A writer walks the endpoints in memory order; a string megabytes away is a page it has not
/// walked lately (a TLB miss with a page walk on a machine without hardware counters to show it), so the last line
/// simulates a 2,048-entry TLB over the pages the writer touches: each endpoint, then each of its strings.
/// </summary>
internal static class StringCensus
{
    private const long Far = 1 << 20;
    private const int TlbEntries = 2048;

    public static int Run()
    {
        byte[] payload = Payloads.List;
        JsonSerializer.Deserialize<Kube.EndpointSliceList>(payload);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Kube.EndpointSliceList list = JsonSerializer.Deserialize<Kube.EndpointSliceList>(payload)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One read of {payload.Length:N0} bytes allocates {allocated:N0} bytes"));

        // As the serialize benchmark finds the list: read, then compacted by a full collection, which leaves it in the
        // oldest generation (only another full collection moves it; each endpoint and its strings are located together).
        GC.Collect();
        var properties = new (string Name, Func<Kube.Endpoint, string?> Get)[]
        {
            ("nodeName", e => e.NodeName),
            ("zone", e => e.Zone),
            ("targetRef.kind", e => e.TargetRef?.Kind),
            ("targetRef.namespace", e => e.TargetRef?.Namespace),
            ("targetRef.name", e => e.TargetRef?.Name),
        };
        var tlb = new PageLru(TlbEntries);
        long pageMisses = 0;
        long[] farCounts = new long[properties.Length];
        int endpointCount = 0;
        foreach (Kube.EndpointSlice slice in list.Items)
        {
            foreach (Kube.Endpoint endpoint in slice.Endpoints)
            {
                endpointCount++;
                long self = Address(endpoint);
                pageMisses += tlb.Touch(self >> 12) ? 0 : 1;
                for (int p = 0; p < properties.Length; p++)
                {
                    if (properties[p].Get(endpoint) is { } value)
                    {
                        long at = Address(value);
                        farCounts[p] += Math.Abs(at - self) > Far ? 1 : 0;
                        pageMisses += tlb.Touch(at >> 12) ? 0 : 1;
                    }
                }
            }
        }

        for (int p = 0; p < properties.Length; p++)
        {
            (string name, Func<Kube.Endpoint, string?> get) = properties[p];
            var values = new HashSet<string>(StringComparer.Ordinal);
            var instances = new HashSet<string>(ReferenceEqualityComparer.Instance);
            int count = 0;
            foreach (Kube.EndpointSlice slice in list.Items)
            {
                foreach (Kube.Endpoint endpoint in slice.Endpoints)
                {
                    if (get(endpoint) is { } value)
                    {
                        count++;
                        values.Add(value);
                        instances.Add(value);
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count:N0} values, {values.Count:N0} distinct, held by {instances.Count:N0} instances, {farCounts[p] / (double)count:P1} more than 1 MB from their endpoint"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pages of endpoints and their strings, in write order, through a {TlbEntries:N0}-entry LRU TLB: {pageMisses / (double)endpointCount:F3} misses per endpoint"));
        GC.KeepAlive(list);
        return 0;
    }

    /// <summary>The object's address now (only compared with others taken before the next collection).</summary>
    private static long Address(object value) => Unsafe.As<object, nint>(ref value);

    /// <summary>A fully associative TLB with least-recently-used replacement, over 4 KB page numbers.</summary>
    private sealed class PageLru(int capacity)
    {
        private readonly Dictionary<long, LinkedListNode<long>> _pages = new();
        private readonly LinkedList<long> _order = new();

        /// <summary>Touches a page; true when it was held (a hit).</summary>
        public bool Touch(long page)
        {
            if (_pages.TryGetValue(page, out LinkedListNode<long>? node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return true;
            }

            if (_pages.Count == capacity)
            {
                _pages.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }

            _pages[page] = _order.AddFirst(page);
            return false;
        }
    }
}

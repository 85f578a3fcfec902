using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Kube = SliceClientGen.Benchmarks.Kube;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// <c>-- --string-census</c>: how the generated reader shares repeated strings in the 1,000 × 100 list: per endpoint
/// string property, the distinct values and the string instances holding them, and the bytes one read allocates.
/// </summary>
internal static class StringCensus
{
    public static int Run()
    {
        byte[] payload = Payloads.List;
        JsonSerializer.Deserialize<Kube.EndpointSliceList>(payload);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Kube.EndpointSliceList list = JsonSerializer.Deserialize<Kube.EndpointSliceList>(payload)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"One read of {payload.Length:N0} bytes allocates {allocated:N0} bytes"));
        var properties = new (string Name, Func<Kube.Endpoint, string?> Get)[]
        {
            ("nodeName", e => e.NodeName),
            ("zone", e => e.Zone),
            ("targetRef.kind", e => e.TargetRef?.Kind),
            ("targetRef.namespace", e => e.TargetRef?.Namespace),
            ("targetRef.name", e => e.TargetRef?.Name),
        };
        foreach ((string name, Func<Kube.Endpoint, string?> get) in properties)
        {
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

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count:N0} values, {values.Count:N0} distinct, held by {instances.Count:N0} instances"));
        }

        return 0;
    }
}

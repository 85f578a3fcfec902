using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Benchmarks;

/// <summary>
/// A realistic, deterministic EndpointSlice payload, written as a Kubernetes API server writes it (compact JSON,
/// Go field order: <c>targetRef</c> before <c>nodeName</c>, <c>kind</c> before <c>apiVersion</c>). A 5,000-node
/// cluster in three zones; 250 services in 25 namespaces, 4 slices of 100 endpoints each; every fourth service is
/// headless with StatefulSet pods (hostname = pod name). Strings that repeat in real clusters repeat here (zones,
/// node names, namespaces, "Pod", "TCP", label keys and values); addresses, pod names and uids are unique.
/// </summary>
public static class SliceData
{
    private const int Nodes = 5000;
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    /// <summary>The list response: <paramref name="slices"/> slices of <paramref name="endpointsPerSlice"/> endpoints.</summary>
    public static byte[] List(int slices = 1000, int endpointsPerSlice = 100)
    {
        var buffer = new ArrayBufferWriter<byte>(slices * endpointsPerSlice * 300);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "EndpointSliceList");
            w.WriteString("apiVersion", "discovery.k8s.io/v1");
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", "48213377");
            w.WriteEndObject();
            w.WritePropertyName("items");
            w.WriteStartArray();
            for (int i = 0; i < slices; i++)
            {
                WriteSlice(w, i, endpointsPerSlice, typeMeta: false, resourceVersion: 48000000 + i);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One slice as a GET returns it (with kind and apiVersion).</summary>
    public static byte[] Slice(int index = 7, int endpoints = 100)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteSlice(w, index, endpoints, typeMeta: true, resourceVersion: 48000000 + index);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One watch event line, <c>{"type":"MODIFIED","object":{…}}\n</c>, as the API server streams it.</summary>
    public static byte[] WatchEvent(int index, int endpoints = 100, long resourceVersion = 0)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", index % 10 == 0 ? "ADDED" : "MODIFIED");
            w.WritePropertyName("object");
            WriteSlice(w, index, endpoints, typeMeta: true, resourceVersion: resourceVersion == 0 ? 49000000 + index : resourceVersion);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSlice(Utf8JsonWriter w, int sliceIndex, int endpoints, bool typeMeta, long resourceVersion)
    {
        var random = new Random(sliceIndex * 7919 + 17);
        int service = sliceIndex / 4;
        string serviceName = "svc-" + service.ToString("D3", CultureInfo.InvariantCulture);
        string ns = "team-" + (service % 25).ToString("D2", CultureInfo.InvariantCulture);
        bool headless = service % 4 == 3;
        string replicaSet = serviceName + "-" + RandomText(random, 10, "bcdfghjklmnpqrstvwxz2456789");

        w.WriteStartObject();
        if (typeMeta)
        {
            w.WriteString("kind", "EndpointSlice");
            w.WriteString("apiVersion", "discovery.k8s.io/v1");
        }

        w.WriteStartObject("metadata");
        w.WriteString("name", serviceName + "-" + RandomText(random, 5, "bcdfghjklmnpqrstvwxz2456789"));
        w.WriteString("namespace", ns);
        w.WriteString("uid", Uid(random));
        w.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
        w.WriteString("creationTimestamp", "2026-01-14T09:" + (sliceIndex % 60).ToString("D2", CultureInfo.InvariantCulture) + ":12Z");
        w.WriteStartObject("labels");
        w.WriteString("app.kubernetes.io/name", serviceName);
        w.WriteString("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        w.WriteString("kubernetes.io/service-name", serviceName);
        w.WriteEndObject();
        w.WriteStartObject("annotations");
        w.WriteString("endpoints.kubernetes.io/last-change-trigger-time", "2026-01-14T09:" + (sliceIndex % 60).ToString("D2", CultureInfo.InvariantCulture) + ":10Z");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteString("addressType", "IPv4");
        w.WriteStartArray("endpoints");
        for (int e = 0; e < endpoints; e++)
        {
            int ordinal = (sliceIndex % 4) * endpoints + e;
            string pod = headless ? serviceName + "-" + ordinal.ToString(CultureInfo.InvariantCulture) : replicaSet + "-" + RandomText(random, 5, "bcdfghjklmnpqrstvwxz2456789");
            int node = random.Next(Nodes);
            w.WriteStartObject();
            w.WriteStartArray("addresses");
            w.WriteStringValue("10." + (64 + node / 256 % 64).ToString(CultureInfo.InvariantCulture) + "." + (node % 256).ToString(CultureInfo.InvariantCulture) + "." + random.Next(2, 254).ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
            bool terminating = random.Next(50) == 0;
            w.WriteStartObject("conditions");
            w.WriteBoolean("ready", !terminating);
            w.WriteBoolean("serving", true);
            w.WriteBoolean("terminating", terminating);
            w.WriteEndObject();
            if (headless)
            {
                w.WriteString("hostname", pod);
            }

            w.WriteStartObject("targetRef");
            w.WriteString("kind", "Pod");
            w.WriteString("namespace", ns);
            w.WriteString("name", pod);
            w.WriteString("uid", Uid(random));
            w.WriteEndObject();
            w.WriteString("nodeName", "ip-10-0-" + (node / 250).ToString(CultureInfo.InvariantCulture) + "-" + (node % 250).ToString(CultureInfo.InvariantCulture) + ".ec2.internal");
            w.WriteString("zone", Zones[node % Zones.Length]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ports");
        w.WriteStartObject();
        w.WriteString("name", "http");
        w.WriteString("protocol", "TCP");
        w.WriteNumber("port", 8080);
        w.WriteEndObject();
        if (service % 3 == 0)
        {
            w.WriteStartObject();
            w.WriteString("name", "metrics");
            w.WriteString("protocol", "TCP");
            w.WriteNumber("port", 9090);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Uid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    private static string RandomText(Random random, int length, string alphabet)
    {
        var builder = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}

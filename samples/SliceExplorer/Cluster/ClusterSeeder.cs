using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SliceExplorer.Cluster;

/// <summary>
/// Builds the seeded cluster, always the same (a fixed <see cref="Random"/> seed): 5 namespaces, 20 Services,
/// about 2,100 endpoints in slices of at most 100. IPv4, IPv6 (dual stack) and FQDN slices; ready, starting and
/// terminating endpoints; three zones, nodes, target Pods, zone hints, headless StatefulSet hostnames; slices
/// left uneven (the controller does not rebalance) and a few endpoints in two slices of the same Service at
/// once, as during controller updates.
/// </summary>
internal static class ClusterSeeder
{
    public const int Seed = 20_260_106;

    public const int MaxEndpointsPerSlice = 100;

    public const string ControllerName = "endpointslice-controller.k8s.io";

    public static readonly string[] Zones = { "eu-west-1a", "eu-west-1b", "eu-west-1c" };

    private const int NodesPerZone = 8;

    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private static readonly PortModel Http = new("http", 8080, AppProtocol: "http");

    /// <summary>What a Service looks like before it has Pods.</summary>
    private sealed record ServiceSpec(
        string Namespace,
        string Name,
        int Pods,
        string[] AddressTypes,
        PortModel[] Ports,
        bool ZoneHints = false,
        bool Headless = false,
        bool Uneven = false,
        int Duplicates = 0,
        string ManagedBy = ControllerName);

    private static readonly string[] V4 = { "IPv4" };
    private static readonly string[] V6 = { "IPv6" };
    private static readonly string[] Dual = { "IPv4", "IPv6" };
    private static readonly string[] Fqdn = { "FQDN" };

    private static readonly ServiceSpec[] Specs =
    {
        new("shop", "web", 360, Dual, new[] { Http, new PortModel("https", 8443, AppProtocol: "https") }, ZoneHints: true, Uneven: true),
        new("shop", "cart", 160, V4, new[] { Http, new PortModel("grpc", 9090, AppProtocol: "kubernetes.io/h2c") }, Duplicates: 4),
        new("shop", "catalog", 240, V4, new[] { Http }, ZoneHints: true),
        new("shop", "search", 130, V4, new[] { Http }, Uneven: true),
        new("shop", "checkout", 90, V4, new[] { Http }),
        new("shop", "images", 60, V4, new[] { Http }),
        new("payments", "api", 110, V4, new[] { new PortModel("https", 8443, AppProtocol: "https") }, Duplicates: 3),
        new("payments", "ledger", 48, V4, new[] { new PortModel("grpc", 9090, AppProtocol: "kubernetes.io/h2c") }),
        new("payments", "fraud", 36, V6, new[] { Http }),
        new("payments", "gateway", 80, Dual, new[] { new PortModel("https", 8443, AppProtocol: "https") }),
        new("data", "postgres", 3, V4, new[] { new PortModel("postgresql", 5432) }, Headless: true),
        new("data", "redis", 6, V4, new[] { new PortModel("redis", 6379) }, Headless: true),
        new("data", "kafka", 9, V4, new[] { new PortModel("kafka", 9092), new PortModel("controller", 9093) }, Headless: true),
        new("data", "legacy-db", 2, Fqdn, new[] { new PortModel("postgresql", 5432) }, ManagedBy: "external-endpoints.example.com"),
        new("data", "elasticsearch", 24, V4, new[] { new PortModel("http", 9200), new PortModel("transport", 9300) }, Headless: true),
        new("platform", "ingress", 64, Dual, new[] { new PortModel("http", 80), new PortModel("https", 443) }, ZoneHints: true),
        new("platform", "metrics", 40, V4, new[] { new PortModel("metrics", 9090) }),
        new("platform", "logging", 120, V4, new[] { new PortModel("fluent", 24224) }, Uneven: true),
        new("kube-system", "kube-dns", 4, Dual, new[] { new PortModel("dns", 53, "UDP"), new PortModel("dns-tcp", 53), new PortModel("metrics", 9153) }),
        new("kube-system", "metrics-server", 2, V4, new[] { new PortModel("https", 10250, AppProtocol: "https") }),
    };

    /// <summary>The seeded cluster; every call returns an equal, fresh model.</summary>
    public static ClusterModel Build()
    {
        var random = new Random(Seed);
        var addresses = new AddressAllocator();
        var services = new List<ServiceModel>();
        foreach (ServiceSpec spec in Specs)
        {
            var service = new ServiceModel
            {
                Namespace = spec.Namespace,
                Name = spec.Name,
                Uid = NewUid(random),
                AddressTypes = spec.AddressTypes,
                Ports = spec.Ports,
                ZoneHints = spec.ZoneHints,
                Headless = spec.Headless,
                ManagedBy = spec.ManagedBy,
                TemplateHash = RandomName(random, 10),
            };
            for (int i = 0; i < spec.Pods; i++)
            {
                PodModel pod = NewPod(service, random, addresses, ordinal: i);
                SetSeededConditions(pod, random);
                service.Pods.Add(pod);
            }

            foreach (string addressType in spec.AddressTypes)
            {
                AddSlices(service, addressType, spec, random);
            }

            services.Add(service);
        }

        return new ClusterModel(services, addresses);
    }

    /// <summary>A new Pod of the Service on a random node, with fresh addresses in each of its families.</summary>
    public static PodModel NewPod(ServiceModel service, Random random, AddressAllocator addresses, int ordinal)
    {
        int zone = random.Next(Zones.Length);
        int node = (zone * NodesPerZone) + random.Next(NodesPerZone);
        string name = service.Headless
            ? service.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture)
            : service.Name + "-" + service.TemplateHash + "-" + RandomName(random, 5);
        bool fqdn = service.AddressTypes.Contains("FQDN");
        (string? ipv4, string? ipv6) = fqdn ? (null, null) : addresses.Next(node);
        return new PodModel
        {
            Name = name,
            Uid = NewUid(random),
            NodeName = "node-" + Zones[zone] + "-" + (node % NodesPerZone).ToString("00", CultureInfo.InvariantCulture),
            Zone = Zones[zone],
            IPv4 = ipv4,
            IPv6 = ipv6,
            Fqdn = fqdn ? $"{service.Name}-{ordinal}.db.legacy.example.com" : null,
            Hostname = service.Headless ? name : null,
        };
    }

    /// <summary>A random lower-case name part from the alphabet Kubernetes uses for generated names.</summary>
    public static string RandomName(Random random, int length)
    {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = NameAlphabet[random.Next(NameAlphabet.Length)];
        }

        return new string(chars);
    }

    public static string NewUid(Random random)
    {
        byte[] bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes).ToString("D");
    }

    /// <summary>A new slice for the Service (named as generateName does: the Service name and 5 random characters).</summary>
    public static SliceModel NewSlice(ServiceModel service, string addressType, Random random)
    {
        var slice = new SliceModel { Name = service.Name + "-" + RandomName(random, 5), AddressType = addressType };
        service.Slices.Add(slice);
        return slice;
    }

    /// <summary>About 93% ready, 4% starting, 3% terminating (half of those still serving).</summary>
    private static void SetSeededConditions(PodModel pod, Random random)
    {
        double roll = random.NextDouble();
        if (roll < 0.04)
        {
            pod.Start();
        }
        else if (roll < 0.07)
        {
            pod.BeginTermination();
            pod.Serving = random.Next(2) == 0;
        }
        else
        {
            pod.BecomeReady();
        }
    }

    /// <summary>
    /// Pods in slices of 100; an uneven Service has its last full slice split (the controller filled a new slice
    /// rather than touching an existing one). Duplicates: Pods of the first slice also in the last, which has room.
    /// </summary>
    private static void AddSlices(ServiceModel service, string addressType, ServiceSpec spec, Random random)
    {
        var sizes = new List<int>();
        for (int left = service.Pods.Count; left > 0; left -= MaxEndpointsPerSlice)
        {
            sizes.Add(Math.Min(left, MaxEndpointsPerSlice));
        }

        if (spec.Uneven && sizes.Count >= 2)
        {
            int moved = sizes[^2] * 3 / 10;
            sizes[^2] -= moved;
            sizes.Add(moved);
        }

        var slices = new List<SliceModel>();
        int next = 0;
        foreach (int size in sizes)
        {
            SliceModel slice = NewSlice(service, addressType, random);
            slice.Pods.AddRange(service.Pods.Skip(next).Take(size));
            next += size;
            slices.Add(slice);
        }

        if (spec.Duplicates > 0 && slices.Count >= 2 && slices[^1].Room >= spec.Duplicates)
        {
            slices[^1].Pods.AddRange(slices[0].Pods.Take(spec.Duplicates));
        }
    }
}

/// <summary>
/// Pod addresses: each node has its own IPv4 range (10.N.0.0/16, N = node + 1) and IPv6 /64 (fd00:10:N::/64);
/// a Pod gets the same host number in both, and numbers are not reused before 62,500 Pods on one node.
/// </summary>
internal sealed class AddressAllocator
{
    private const int HostsPerNode = 62_500;

    private readonly Dictionary<int, int> _next = new();

    public (string IPv4, string IPv6) Next(int node)
    {
        int n = _next.TryGetValue(node, out int value) ? value : 0;
        _next[node] = (n + 1) % HostsPerNode;
        return (
            string.Create(CultureInfo.InvariantCulture, $"10.{node + 1}.{n / 250}.{(n % 250) + 1}"),
            string.Create(CultureInfo.InvariantCulture, $"fd00:10:{node + 1:x}::{n + 1:x}"));
    }
}

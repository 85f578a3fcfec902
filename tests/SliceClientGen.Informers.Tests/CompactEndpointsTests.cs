using System.Text.Json;
using System.Text.Json.Nodes;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests;

/// <summary>The default transform holds a slice's endpoints compactly: equal to what was read, read-only, exact or kept as read.</summary>
public sealed class CompactEndpointsTests
{
    private static EndpointSlice Read(params object[] endpoints) =>
        JsonSerializer.Deserialize<EndpointSlice>(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["name"] = "web-a", ["namespace"] = "shop" },
            ["addressType"] = "IPv4",
            ["endpoints"] = endpoints,
        }))!;

    private static readonly Dictionary<string, object> Full = new()
    {
        ["addresses"] = new[] { "10.0.0.1" },
        ["conditions"] = new Dictionary<string, bool> { ["ready"] = true, ["serving"] = true, ["terminating"] = false },
        ["hostname"] = "web-0",
        ["targetRef"] = new Dictionary<string, string> { ["kind"] = "Pod", ["namespace"] = "shop", ["name"] = "web-0", ["uid"] = "0b8f6f5e-1d1c-4c55-9a35-3e2f4b8d7c10" },
        ["nodeName"] = "node-1",
        ["zone"] = "zone-a",
    };

    private static readonly Dictionary<string, object> Sparse = new() { ["addresses"] = new[] { "10.0.0.2" }, ["conditions"] = new Dictionary<string, bool> { ["ready"] = false } };

    private static readonly Dictionary<string, object> Bare = new() { ["addresses"] = new[] { "10.0.0.3" } };

    private static (IList<Endpoint> Read, IList<Endpoint> Compact) ReadAndCompact(params object[] endpoints)
    {
        IList<Endpoint> read = Read(endpoints).Endpoints;
        IList<Endpoint> compact = EndpointSliceInformers.Compact(Read(endpoints), new StringPool()).Endpoints;
        return (read, compact);
    }

    /// <summary>The same JSON members and values (a compacted endpoint writes them in the model's order, not the order read).</summary>
    private static void AssertSameJsonMembers(IList<Endpoint> read, IList<Endpoint> compact)
    {
        JsonNode? expected = JsonNode.Parse(JsonSerializer.Serialize(read));
        JsonNode? actual = JsonNode.Parse(JsonSerializer.Serialize(compact));
        Assert.True(JsonNode.DeepEquals(expected, actual), expected + "\n" + actual);
    }

    private static JsonObject FullJson() => JsonSerializer.SerializeToNode(Full)!.AsObject();

    /// <summary><paramref name="endpoint"/> with the member at <paramref name="path"/> (<c>conditions.ready</c>: a member of a member) set to <paramref name="value"/>.</summary>
    private static JsonObject With(JsonObject endpoint, string path, JsonNode? value)
    {
        (JsonObject parent, string name) = Parent(endpoint, path);
        parent[name] = value;
        return endpoint;
    }

    private static JsonObject Without(JsonObject endpoint, string path)
    {
        (JsonObject parent, string name) = Parent(endpoint, path);
        Assert.True(parent.Remove(name), path);
        return endpoint;
    }

    private static (JsonObject Parent, string Name) Parent(JsonObject endpoint, string path)
    {
        string[] names = path.Split('.');
        JsonObject parent = endpoint;
        foreach (string name in names[..^1])
        {
            parent = parent[name]!.AsObject();
        }

        return (parent, names[^1]);
    }

    /// <summary>Reads <paramref name="endpoint"/> in a slice, compacts it and checks it is held as a compact record, equal to what was read.</summary>
    private static IList<Endpoint> AssertCompacted(JsonObject endpoint) => AssertCompacts(endpoint, kept: 0);

    /// <summary>Reads <paramref name="endpoint"/> in a slice, compacts it and checks it is kept as read.</summary>
    private static IList<Endpoint> AssertKeptAsRead(JsonObject endpoint) => AssertCompacts(endpoint, kept: 1);

    private static IList<Endpoint> AssertCompacts(JsonObject endpoint, int kept)
    {
        (IList<Endpoint> read, IList<Endpoint> compact) = ReadAndCompact(endpoint);

        Assert.Equal(kept, ((CompactEndpoints)compact).KeptCount);
        Assert.Equal(read, compact);
        AssertSameJsonMembers(read, compact);
        return compact;
    }

    [Fact]
    public void Compacted_endpoints_equal_the_endpoints_as_read_and_write_the_same_members()
    {
        (IList<Endpoint> read, IList<Endpoint> compact) = ReadAndCompact(Full, Sparse, Bare);

        Assert.IsType<CompactEndpoints>(compact);
        Assert.Equal(0, ((CompactEndpoints)compact).KeptCount);
        Assert.Equal(read, compact);
        AssertSameJsonMembers(read, compact);
    }

    [Fact]
    public void Endpoints_the_compact_record_cannot_reproduce_are_kept_as_read()
    {
        var hinted = new Dictionary<string, object>(Bare) { ["hints"] = new Dictionary<string, object> { ["forZones"] = new[] { new Dictionary<string, string> { ["name"] = "zone-a" } } } };
        var twoAddresses = new Dictionary<string, object> { ["addresses"] = new[] { "10.0.0.4", "10.0.0.5" } };
        var unknownMember = new Dictionary<string, object>(Bare) { ["futureField"] = 7 };
        var targetWithFieldPath = new Dictionary<string, object>(Bare) { ["targetRef"] = new Dictionary<string, string> { ["kind"] = "Pod", ["fieldPath"] = "spec" } };

        (IList<Endpoint> read, IList<Endpoint> compact) = ReadAndCompact(Full, hinted, twoAddresses, unknownMember, targetWithFieldPath);

        Assert.Equal(4, ((CompactEndpoints)compact).KeptCount);
        Assert.Equal(read, compact);
        AssertSameJsonMembers(read, compact);
    }

    /// <summary>The members a compact record holds (paths into an endpoint).</summary>
    public static TheoryData<string> MembersTheRecordHolds =>
    [
        "conditions", "hostname", "nodeName", "targetRef", "zone",
        "conditions.ready", "conditions.serving", "conditions.terminating",
        "targetRef.kind", "targetRef.name", "targetRef.namespace", "targetRef.uid",
    ];

    /// <summary>The members a compact record leaves out: an endpoint that has them is kept as read.</summary>
    public static TheoryData<string> MembersTheRecordLeavesOut =>
    [
        "hints", "deprecatedTopology", "targetRef.apiVersion", "targetRef.fieldPath", "targetRef.resourceVersion",
    ];

    [Theory]
    [MemberData(nameof(MembersTheRecordHolds))]
    public void Absent_member_is_compacted_and_stays_absent(string path) => AssertCompacted(Without(FullJson(), path));

    [Theory]
    [InlineData("ready", true)]
    [InlineData("ready", false)]
    [InlineData("serving", true)]
    [InlineData("serving", false)]
    [InlineData("terminating", true)]
    [InlineData("terminating", false)]
    public void Condition_value_is_compacted_and_kept(string condition, bool value) =>
        AssertCompacted(With(FullJson(), "conditions." + condition, JsonValue.Create(value)));

    [Theory]
    [MemberData(nameof(MembersTheRecordHolds))]
    [MemberData(nameof(MembersTheRecordLeavesOut))]
    public void Explicit_null_is_kept_as_read(string path) => AssertKeptAsRead(With(FullJson(), path, null));

    [Theory]
    [InlineData("hints", """{"forZones":[{"name":"zone-a"}]}""")]
    [InlineData("deprecatedTopology", """{"topology.kubernetes.io/zone":"zone-a"}""")]
    [InlineData("targetRef.apiVersion", "\"v1\"")]
    [InlineData("targetRef.fieldPath", "\"spec.containers{web}\"")]
    [InlineData("targetRef.resourceVersion", "\"42\"")]
    public void Member_the_record_does_not_hold_is_kept_as_read(string path, string json) =>
        AssertKeptAsRead(With(FullJson(), path, JsonNode.Parse(json)));

    [Theory]
    [InlineData("")]
    [InlineData("conditions")]
    [InlineData("targetRef")]
    public void Unknown_member_is_kept_as_read(string at) => AssertKeptAsRead(With(FullJson(), at.Length == 0 ? "futureField" : at + ".futureField", JsonValue.Create(7)));

    [Fact]
    public void Endpoint_read_in_the_API_servers_field_order_is_compacted_and_written_in_the_models_order()
    {
        // Kubernetes writes Go field order (targetRef before nodeName, kind before name); read order is not part of
        // exactness (Equals ignores it), or no endpoint from a real API server would be compacted.
        const string goOrder = """{"addresses":["10.0.0.1"],"conditions":{"ready":true},"targetRef":{"kind":"Pod","namespace":"shop","name":"web-0","uid":"u-1"},"nodeName":"node-1","zone":"zone-a"}""";
        const string modelOrder = """{"addresses":["10.0.0.1"],"conditions":{"ready":true},"nodeName":"node-1","targetRef":{"kind":"Pod","name":"web-0","namespace":"shop","uid":"u-1"},"zone":"zone-a"}""";

        IList<Endpoint> compact = AssertCompacted(JsonNode.Parse(goOrder)!.AsObject());

        Assert.Equal(modelOrder, JsonSerializer.Serialize(compact[0]));
    }

    [Fact]
    public void The_endpoints_of_a_cached_slice_are_read_only()
    {
        (_, IList<Endpoint> compact) = ReadAndCompact(Full);

        Assert.True(compact.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => compact.Add(new Endpoint()));
        Assert.Throws<NotSupportedException>(() => compact[0] = new Endpoint());
    }

    [Fact]
    public void Compacted_endpoints_share_the_pools_strings()
    {
        var pool = new StringPool();
        EndpointSlice one = EndpointSliceInformers.Compact(Read(Full), pool);
        EndpointSlice two = EndpointSliceInformers.Compact(Read(Full), pool);

        Assert.Same(one.Endpoints[0].Zone, two.Endpoints[0].Zone);
        Assert.Same(one.Endpoints[0].NodeName, two.Endpoints[0].NodeName);
        Assert.Same(one.Endpoints[0].TargetRef!.Kind, two.Endpoints[0].TargetRef!.Kind);
    }

    [Fact]
    public void The_view_merges_compacted_slices_exactly_as_slices_as_read()
    {
        var hinted = new Dictionary<string, object>(Bare) { ["addresses"] = new[] { "10.0.0.9" }, ["hints"] = new Dictionary<string, object> { ["forZones"] = new[] { new Dictionary<string, string> { ["name"] = "zone-a" } } } };
        var terminating = new Dictionary<string, object> { ["addresses"] = new[] { "10.0.0.1" }, ["conditions"] = new Dictionary<string, bool> { ["ready"] = false, ["serving"] = true, ["terminating"] = true } };
        EndpointSlice Labelled(EndpointSlice slice)
        {
            slice.Metadata!.Labels = new Dictionary<string, string> { [ServiceEndpointsView.ServiceNameLabel] = "web" };
            slice.Ports = [new EndpointPort { Name = "http", Port = 8080 }];
            return slice;
        }

        var service = new ServiceKey("shop", "web");
        ServiceEndpoints asRead = EndpointSliceMerge.Merge(service, [Labelled(Read(Full, Sparse, Bare, hinted, terminating))], "1");
        ServiceEndpoints compacted = EndpointSliceMerge.Merge(service, [EndpointSliceInformers.Compact(Labelled(Read(Full, Sparse, Bare, hinted, terminating)), new StringPool())], "1");

        Assert.Equal(asRead, compacted);
        Assert.Equal(asRead.Endpoints.Select(e => e.Target), compacted.Endpoints.Select(e => e.Target));
    }
}

using System.Text;
using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Strings that repeat within one read share one instance (through the read's <see cref="JsonReadContext"/>), and
/// reads share nothing: no static state, so concurrent reads on different threads cannot disturb each other.
/// </summary>
public sealed class StringSharingTests
{
    private static string List(string zone, string node, int slices, int endpoints)
    {
        var json = new StringBuilder("{'apiVersion':'discovery.k8s.io/v1','kind':'EndpointSliceList','metadata':{'resourceVersion':'7'},'items':[");
        for (int s = 0; s < slices; s++)
        {
            json.Append(s == 0 ? "" : ",");
            json.Append("{'metadata':{'name':'web-" + s + "','namespace':'default','labels':{'kubernetes.io/service-name':'web'}},'addressType':'IPv4','endpoints':[");
            for (int e = 0; e < endpoints; e++)
            {
                json.Append(e == 0 ? "" : ",");
                json.Append("{'addresses':['10.0." + s + "." + e + "'],'conditions':{'ready':true},'targetRef':{'kind':'Pod','namespace':'default','name':'web-" + s + "-" + e
                    + "','uid':'u-" + s + "-" + e + "'},'nodeName':'" + node + "','zone':'" + zone + "'}");
            }

            json.Append("],'ports':[{'name':'http','protocol':'TCP','port':80}]}");
        }

        return json.Append("]}").Replace('\'', '"').ToString();
    }

    [Fact]
    public void Repeated_values_share_one_instance_within_a_read()
    {
        string json = List("us-east-1a", "node-7", slices: 3, endpoints: 4);

        EndpointSliceList list = JsonSerializer.Deserialize<EndpointSliceList>(json)!;

        // A value is shared from its second sighting on (while its table bucket remembers the first): of twelve
        // occurrences at most a few are separate instances, and the last ones are one instance.
        Endpoint[] endpoints = list.Items.SelectMany(s => s.Endpoints).ToArray();
        Assert.Equal(12, endpoints.Length);
        Assert.All(endpoints, e => Assert.Equal("us-east-1a", e.Zone));
        Assert.InRange(Instances(endpoints.Select(e => e.Zone)), 1, 3);
        Assert.InRange(Instances(endpoints.Select(e => e.NodeName)), 1, 3);
        Assert.InRange(Instances(endpoints.Select(e => e.TargetRef!.Kind)), 1, 3);
        Assert.InRange(Instances(endpoints.Select(e => e.TargetRef!.Namespace).Concat(list.Items.Select(i => i.Metadata!.Namespace))), 1, 3);
        for (int i = 8; i < endpoints.Length; i++)
        {
            Assert.Same(endpoints[7].Zone, endpoints[i].Zone);
            Assert.Same(endpoints[7].TargetRef!.Kind, endpoints[i].TargetRef!.Kind);
        }

        // Map keys and values too (labels).
        string json20 = List("us-east-1a", "node-7", slices: 20, endpoints: 2);
        EndpointSliceList many = JsonSerializer.Deserialize<EndpointSliceList>(json20)!;
        Assert.InRange(Instances(many.Items.Select(i => i.Metadata!.Labels!.Keys.Single())), 1, 3);
        Assert.InRange(Instances(many.Items.Select(i => i.Metadata!.Labels!.Values.Single())), 1, 3);
        Assert.Same(many.Items[18].Metadata!.Labels!.Keys.Single(), many.Items[19].Metadata!.Labels!.Keys.Single());

        // Values that never repeat are read as they are.
        Assert.Equal(12, endpoints.Select(e => e.TargetRef!.Uid).Distinct().Count());

        // Sharing changes identity only: the JSON written back is the same, byte for byte.
        Assert.Equal(json, JsonSerializer.Serialize(list));
    }

    private static int Instances(IEnumerable<string?> values) => values.Distinct(ReferenceEqualityComparer.Instance).Count();

    [Fact]
    public void Separate_reads_share_nothing()
    {
        string json = List("us-east-1a", "node-7", slices: 2, endpoints: 3);

        EndpointSliceList first = JsonSerializer.Deserialize<EndpointSliceList>(json)!;
        EndpointSliceList second = JsonSerializer.Deserialize<EndpointSliceList>(json)!;

        Assert.Equal(first.Items[1].Endpoints[2].Zone, second.Items[1].Endpoints[2].Zone);
        Assert.NotSame(first.Items[1].Endpoints[2].Zone, second.Items[1].Endpoints[2].Zone);
    }

    [Fact]
    public void One_context_shares_across_reads_that_pass_it()
    {
        var context = new JsonReadContext();
        byte[] json = Encoding.UTF8.GetBytes("""{"name":"z1"}""");

        string[] names = new string[3];
        for (int i = 0; i < names.Length; i++)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            names[i] = EndpointHintsForZone.JsonConverter.ReadValue(ref reader, JsonSerializerOptions.Default, context).Name!;
        }

        Assert.All(names, n => Assert.Equal("z1", n));
        Assert.Same(names[1], names[2]);
    }

    [Fact]
    public void Context_keeps_sharing_as_its_table_grows()
    {
        // Many distinct repeating values (more than the initial table holds), each seen three times in a row.
        var context = new JsonReadContext();
        for (int i = 0; i < 5000; i++)
        {
            string expected = "value-" + i;
            byte[] json = Encoding.UTF8.GetBytes("[\"" + expected + "\",\"" + expected + "\",\"" + expected + "\"]");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            List<string> values = JsonModelReader.ReadList<string>(ref reader, JsonSerializerOptions.Default, context, JsonModelReader.ReadStringValue);
            Assert.All(values, v => Assert.Equal(expected, v));
            Assert.Same(values[1], values[2]);
        }

        // Escaped, long and non-ASCII values are read as usual (never shared, never wrong).
        byte[] other = Encoding.UTF8.GetBytes("[\"a\\u0062c\",\"abc\",\"z\u00fcrich\",\"z\u00fcrich\",\"z\u00fcrich\",\"" + new string('x', 100) + "\",\"\"]");
        var otherReader = new Utf8JsonReader(other);
        otherReader.Read();
        List<string> read = JsonModelReader.ReadList<string>(ref otherReader, JsonSerializerOptions.Default, context, JsonModelReader.ReadStringValue);
        Assert.Equal(new[] { "abc", "abc", "z\u00fcrich", "z\u00fcrich", "z\u00fcrich", new string('x', 100), string.Empty }, read);
    }

    [Fact]
    public void A_property_whose_values_do_not_repeat_stops_looking_them_up_and_others_keep_sharing()
    {
        var context = new JsonReadContext();
        var uid = new JsonPropertyShape("uid", JsonPropertyKind.String);
        var zone = new JsonPropertyShape("zone", JsonPropertyKind.String);
        string[] uids = new string[20000];
        string[] zones = new string[20000];
        for (int i = 0; i < uids.Length; i++)
        {
            byte[] json = Encoding.UTF8.GetBytes("[\"uid-" + i + "\",\"zone-" + (i % 3) + "\"]");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Read();
            uids[i] = context.ReadStringValue(ref reader, uid);
            reader.Read();
            zones[i] = context.ReadStringValue(ref reader, zone);
        }

        for (int i = 0; i < uids.Length; i++)
        {
            Assert.Equal("uid-" + i, uids[i]);
            Assert.Equal("zone-" + (i % 3), zones[i]);
        }

        Assert.InRange(Instances(zones), 3, 6);
    }

    [Fact]
    public void A_long_read_gives_a_value_a_fresh_instance_once_the_shared_one_is_65536_strings_old()
    {
        // "node-a", then 60,000 other strings, "node-a" again (still shared), 10,000 more, then "node-a" twice: its
        // instance was allocated more than 65,536 strings before, far back in the read, so the value gets a fresh one,
        // which the next occurrence shares.
        var values = new List<string> { "node-a" };
        values.AddRange(Enumerable.Range(0, 60_000).Select(i => "other-" + (i % 2)));
        values.Add("node-a");
        values.AddRange(Enumerable.Range(0, 10_000).Select(i => "other-" + (i % 2)));
        values.Add("node-a");
        values.Add("node-a");
        var context = new JsonReadContext();
        var reader = new Utf8JsonReader(JsonSerializer.SerializeToUtf8Bytes(values));
        reader.Read();

        List<string> read = JsonModelReader.ReadList<string>(ref reader, JsonSerializerOptions.Default, context, JsonModelReader.ReadStringValue);

        Assert.Equal(values, read);
        string first = read[0];
        string within = read[60_001];
        string late = read[^2];
        Assert.Same(first, within);
        Assert.NotSame(first, late);
        Assert.Same(late, read[^1]);
    }

    [Fact]
    public async Task Concurrent_reads_on_different_threads_give_correct_results()
    {
        // Each thread reads its own payload (its own zone and node) over and over; with any shared table a thread
        // would sooner or later get another thread's string.
        const int Threads = 8;
        string[] payloads = Enumerable.Range(0, Threads).Select(t => List("zone-" + t, "node-" + t, slices: 4, endpoints: 25)).ToArray();
        using var start = new Barrier(Threads);
        Task[] tasks = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (int round = 0; round < 200; round++)
                {
                    EndpointSliceList list = JsonSerializer.Deserialize<EndpointSliceList>(payloads[t])!;
                    foreach (Endpoint endpoint in list.Items.SelectMany(s => s.Endpoints))
                    {
                        Assert.Equal("zone-" + t, endpoint.Zone);
                        Assert.Equal("node-" + t, endpoint.NodeName);
                        Assert.Equal("Pod", endpoint.TargetRef!.Kind);
                    }

                    if (round % 50 == 0)
                    {
                        Assert.Equal(payloads[t], JsonSerializer.Serialize(list));
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(tasks);
    }
}

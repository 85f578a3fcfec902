using System.Buffers;
using System.Text;
using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// A converter finds a property by its JSON name through its model's shape (<c>Shape.IndexOf</c>): plain names by
/// their bytes, escaped names and names split across buffer segments after the reader unescapes them; a name of a
/// known length that is not a property stays an unknown member.
/// </summary>
public sealed class PropertyNameLookupTests
{
    [Fact]
    public void An_escaped_property_name_reads_as_the_property()
    {
        // "addressType" with its first letter escaped, "zone" fully escaped.
        string json = """{"\u0061ddressType":"IPv6","endpoints":[{"addresses":["fd00::1"],"\u007a\u006f\u006e\u0065":"a"}]}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;

        Assert.Equal(EndpointSliceAddressType.IPv6, slice.AddressType);
        Assert.Equal("a", slice.Endpoints.Single().Zone);
        Assert.Empty(slice.AdditionalProperties);
    }

    [Fact]
    public void A_property_name_split_across_segments_reads_as_the_property()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"],"nodeName":"node-1"}]}""");
        int split = Array.IndexOf(json, (byte)'N') + 1; // inside "nodeName"
        var first = new Segment(json.AsMemory(0, split));
        Segment last = first.Append(json.AsMemory(split));
        var reader = new Utf8JsonReader(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ref reader)!;

        Assert.Equal("node-1", slice.Endpoints.Single().NodeName);
        Assert.Empty(slice.Endpoints.Single().AdditionalProperties);
    }

    [Fact]
    public void A_name_as_long_as_a_property_but_different_is_an_unknown_member()
    {
        // "nodeNamf" has the length of "nodeName"; "zon" is shorter than any property but one.
        string json = """{"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"],"nodeNamf":"x","zon":1}]}""";

        Endpoint endpoint = JsonSerializer.Deserialize<EndpointSlice>(json)!.Endpoints.Single();

        Assert.Null(endpoint.NodeName);
        Assert.Equal(["nodeNamf", "zon"], endpoint.AdditionalProperties.Keys);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

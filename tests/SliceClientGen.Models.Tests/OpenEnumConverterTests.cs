using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Generated open enums are read and written by the runtime's <see cref="JsonOpenEnumConverter{T}"/> over the values the
/// enum lists: a listed value reads as the enum's own string (no string allocated), any other string is kept, a token
/// that is not a string is an error that names where it is.
/// </summary>
public sealed class OpenEnumConverterTests
{
    [Fact]
    public void A_listed_value_reads_as_the_static_members_string()
    {
        EndpointSliceAddressType read = JsonSerializer.Deserialize<EndpointSliceAddressType>("\"IPv6\"");

        Assert.Same(EndpointSliceAddressType.IPv6.Value, read.Value);
        Assert.True(read.IsKnown);
    }

    [Fact]
    public void A_listed_value_of_a_model_property_reads_as_the_static_members_string()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>("""{"addressType":"IPv4","ports":[{"protocol":"UDP"}]}""")!;

        Assert.Same(EndpointSliceAddressType.IPv4.Value, slice.AddressType.Value);
        Assert.Same(EndpointPortProtocol.UDP.Value, slice.Ports![0].Protocol!.Value.Value);
    }

    [Fact]
    public void An_escaped_listed_value_reads_as_the_static_members_string()
    {
        EndpointSliceAddressType read = JsonSerializer.Deserialize<EndpointSliceAddressType>("\"\\u0049Pv4\"");

        Assert.Same(EndpointSliceAddressType.IPv4.Value, read.Value);
    }

    [Fact]
    public void A_listed_value_split_across_segments_reads_as_the_static_members_string()
    {
        byte[] json = Encoding.UTF8.GetBytes("\"IPv4\"");
        var first = new Segment(json.AsMemory(0, 3));
        Segment last = first.Append(json.AsMemory(3));
        var reader = new Utf8JsonReader(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        EndpointSliceAddressType read = JsonSerializer.Deserialize<EndpointSliceAddressType>(ref reader);

        Assert.Same(EndpointSliceAddressType.IPv4.Value, read.Value);
    }

    [Fact]
    public void A_value_the_document_does_not_list_is_kept()
    {
        EndpointSliceAddressType read = JsonSerializer.Deserialize<EndpointSliceAddressType>("\"IPv7\"");

        Assert.Equal("IPv7", read.Value);
        Assert.False(read.IsKnown);
    }

    [Fact]
    public void A_value_as_long_as_a_listed_one_but_different_is_kept()
    {
        EndpointSliceAddressType read = JsonSerializer.Deserialize<EndpointSliceAddressType>("\"IPv5\"");

        Assert.Equal("IPv5", read.Value);
        Assert.False(read.IsKnown);
    }

    [Fact]
    public void IsKnown_compares_a_constructed_value_by_its_characters()
    {
        Assert.True(new EndpointSliceAddressType(new string("IPv4".AsSpan())).IsKnown);
        Assert.False(new EndpointSliceAddressType("ipv4").IsKnown);
        Assert.False(default(EndpointSliceAddressType).IsKnown);
    }

    [Fact]
    public void Null_where_an_enum_value_belongs_is_an_error()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSliceAddressType>("null"));

        Assert.Contains("Expected a string but found null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_where_an_enum_property_belongs_names_the_json_path()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSlice>("""{"ports":[{"protocol":true}]}"""));

        Assert.Equal("$.ports[0].protocol", error.Path);
        Assert.Contains("Expected a string but found a boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_and_unlisted_values_round_trip()
    {
        EndpointSliceAddressType[] values = [EndpointSliceAddressType.IPv4, new("FQDN")];

        string json = JsonSerializer.Serialize(values);

        Assert.Equal("""["IPv4","FQDN"]""", json);
        Assert.Equal(values, JsonSerializer.Deserialize<EndpointSliceAddressType[]>(json));
    }

    [Fact]
    public void The_runtimes_plumbing_is_not_a_public_member_of_the_enum()
    {
        string[] publicStatics = typeof(EndpointSliceAddressType)
            .GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.MemberType is MemberTypes.Property)
            .Select(m => m.Name)
            .ToArray();

        Assert.Equal(["IPv4", "IPv6"], publicStatics.Order());
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

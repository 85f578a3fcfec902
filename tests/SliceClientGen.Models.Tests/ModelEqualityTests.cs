using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Generated models compare structurally (<see cref="IEquatable{T}"/>): every property with its presence, lists item by
/// item, maps and additional properties by content, at every depth; the order properties were read in does not count.
/// </summary>
public sealed class ModelEqualityTests
{
    private const string Slice = EndpointSliceRoundTripTests.ServerEndpointSlice;

    [Fact]
    public void Two_reads_of_the_same_json_are_equal_with_equal_hash_codes()
    {
        EndpointSlice first = Read(Slice);
        EndpointSlice second = Read(Slice);

        Assert.NotSame(first, second);
        Assert.True(first.Equals(second));
        Assert.Equal(first, (object)second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void A_different_value_deep_in_the_object_makes_them_unequal()
    {
        EndpointSlice changed = Read(Slice);
        changed.Endpoints[0].Conditions!.Ready = false;

        Assert.NotEqual(Read(Slice), changed);
    }

    [Fact]
    public void Additional_properties_take_part_at_every_level()
    {
        EndpointSlice extra = Read(Slice);
        extra.Endpoints[0].AdditionalProperties["deprecatedTopology"] = JsonDocument.Parse("""{"x":"z"}""").RootElement;
        EndpointSlice more = Read(Slice);
        more.Metadata!.AdditionalProperties["x-new"] = JsonDocument.Parse("1").RootElement;

        Assert.NotEqual(Read(Slice), extra);
        Assert.NotEqual(Read(Slice), more);
    }

    [Fact]
    public void The_order_properties_were_read_in_does_not_matter()
    {
        EndpointSlice goOrder = Read("""{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","addressType":"IPv4","endpoints":[],"x-a":1,"x-b":2}""");
        EndpointSlice schemaOrder = Read("""{"addressType":"IPv4","apiVersion":"discovery.k8s.io/v1","endpoints":[],"kind":"EndpointSlice","x-b":2,"x-a":1}""");

        Assert.Equal(goOrder, schemaOrder);
        Assert.Equal(goOrder.GetHashCode(), schemaOrder.GetHashCode());
    }

    [Fact]
    public void Maps_compare_by_content_and_lists_by_sequence()
    {
        EndpointSlice labelsSwapped = Read("""{"metadata":{"labels":{"b":"2","a":"1"}},"endpoints":[{"addresses":["10.0.0.1","10.0.0.2"]}]}""");
        EndpointSlice labels = Read("""{"metadata":{"labels":{"a":"1","b":"2"}},"endpoints":[{"addresses":["10.0.0.1","10.0.0.2"]}]}""");
        EndpointSlice addressesSwapped = Read("""{"metadata":{"labels":{"a":"1","b":"2"}},"endpoints":[{"addresses":["10.0.0.2","10.0.0.1"]}]}""");

        Assert.Equal(labels, labelsSwapped);
        Assert.NotEqual(labels, addressesSwapped);
    }

    [Fact]
    public void Absent_and_null_are_not_equal()
    {
        Assert.NotEqual(Read("""{"endpoints":[{"addresses":[],"hostname":null}]}"""), Read("""{"endpoints":[{"addresses":[]}]}"""));
    }

    [Fact]
    public void An_object_built_in_code_equals_the_same_object_read_from_json()
    {
        var built = new EndpointSlice { Metadata = new ObjectMeta { Name = "web" }, AddressType = EndpointSliceAddressType.IPv4 };
        built.Endpoints.Add(new Endpoint { Addresses = ["10.0.0.1"] });
        EndpointSlice read = Read(JsonSerializer.Serialize(built));

        Assert.Equal(built, read);
        Assert.Equal(built.GetHashCode(), read.GetHashCode());
    }

    [Fact]
    public void A_required_list_created_on_first_access_equals_an_absent_one()
    {
        EndpointSlice touched = Read("""{"addressType":"IPv4"}""");
        _ = touched.Endpoints.Count;

        Assert.Equal(Read("""{"addressType":"IPv4"}"""), touched);
        Assert.NotEqual(Read("""{"addressType":"IPv4","endpoints":[]}"""), touched);
    }

    [Fact]
    public void Null_is_never_equal()
    {
        Assert.False(Read(Slice).Equals(null));
        Assert.False(Read(Slice).Equals((object?)null));
    }

    private static EndpointSlice Read(string json) => JsonSerializer.Deserialize<EndpointSlice>(json)!;
}

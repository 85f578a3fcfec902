using System.Text.Json;
using SliceClientGen.Models.Tests.EqualityDocument;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Generated models compare structurally (<see cref="IEquatable{T}"/>): every property with its presence, lists item by
/// item, maps and additional properties by content, at every depth; the order properties were read in does not count.
/// Presence and unknown members are compared in one runtime call; the hash code takes presence, the number of unknown
/// members and at most four property values (tests/TestDocuments/equality.yml: Account has eight properties, Wide70 has
/// seventy, with required properties created on first access before and past the 64th).
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

    [Fact]
    public void Objects_differing_only_in_the_fifth_property_are_not_equal()
    {
        Account first = Read<Account>("""{"name":"a","id":1,"active":true,"score":0.5,"region":"eu"}""");
        Account second = Read<Account>("""{"name":"a","id":1,"active":true,"score":0.5,"region":"us"}""");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Objects_differing_only_in_whether_the_fifth_property_is_absent_or_null_are_not_equal()
    {
        Account first = Read<Account>("""{"name":"a","id":1,"active":true,"score":0.5}""");
        Account second = Read<Account>("""{"name":"a","id":1,"active":true,"score":0.5,"region":null}""");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Objects_with_more_than_four_properties_read_in_different_orders_are_equal_with_equal_hash_codes()
    {
        Account first = Read<Account>("""{"name":"a","id":1,"active":true,"score":0.5,"region":"eu","roles":["x"],"limits":{"cpu":2},"owner":{"login":"o"},"x-a":1}""");
        Account second = Read<Account>("""{"x-a":1,"owner":{"login":"o"},"limits":{"cpu":2},"roles":["x"],"region":"eu","score":0.5,"active":true,"id":1,"name":"a"}""");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Unknown_members_with_different_values_make_objects_unequal()
    {
        Assert.NotEqual(Read<Account>("""{"name":"a","x-a":1}"""), Read<Account>("""{"name":"a","x-a":2}"""));
    }

    [Fact]
    public void A_required_object_created_on_first_access_equals_an_absent_one()
    {
        Account touched = Read<Account>("""{"name":"a"}""");
        _ = touched.Owner.Login;

        Assert.Equal(Read<Account>("""{"name":"a"}"""), touched);
        Assert.Equal(Read<Account>("""{"name":"a"}""").GetHashCode(), touched.GetHashCode());
        Assert.NotEqual(Read<Account>("""{"name":"a","owner":{}}"""), touched);
    }

    [Fact]
    public void Required_properties_filled_in_code_equal_the_same_properties_read_from_json_with_equal_hash_codes()
    {
        var built = new Account { Name = "a" };
        built.Owner.Login = "o";
        built.Roles.Add("x");
        built.Limits["cpu"] = 2;
        Account read = Read<Account>("""{"name":"a","roles":["x"],"limits":{"cpu":2},"owner":{"login":"o"}}""");

        Assert.Equal(built, read);
        Assert.Equal(built.GetHashCode(), read.GetHashCode());
    }

    [Fact]
    public void Objects_differing_only_in_a_property_past_the_64th_are_not_equal()
    {
        Assert.NotEqual(Read<Wide70>("""{"p00":"a","p69":"x"}"""), Read<Wide70>("""{"p00":"a","p69":"y"}"""));
        Assert.NotEqual(Read<Wide70>("""{"p00":"a"}"""), Read<Wide70>("""{"p00":"a","p69":null}"""));
    }

    [Fact]
    public void Objects_with_properties_past_the_64th_read_in_different_orders_are_equal_with_equal_hash_codes()
    {
        Wide70 first = Read<Wide70>("""{"p00":"a","p63":"b","p64":"c","p65":["d"],"p66":{"login":"e"},"p69":null}""");
        Wide70 second = Read<Wide70>("""{"p69":null,"p66":{"login":"e"},"p65":["d"],"p64":"c","p63":"b","p00":"a"}""");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Required_properties_past_the_64th_filled_in_code_equal_the_same_properties_read_from_json_with_equal_hash_codes()
    {
        var built = new Wide70 { P00 = "a" };
        built.P65.Add("d");
        built.P66.Login = "e";
        Wide70 read = Read<Wide70>("""{"p00":"a","p65":["d"],"p66":{"login":"e"}}""");

        Assert.Equal(built, read);
        Assert.Equal(built.GetHashCode(), read.GetHashCode());
    }

    [Fact]
    public void A_required_list_past_the_64th_created_on_first_access_equals_an_absent_one_but_not_an_empty_one()
    {
        Wide70 touched = Read<Wide70>("""{"p00":"a"}""");
        _ = touched.P65.Count;

        Assert.Equal(Read<Wide70>("""{"p00":"a"}"""), touched);
        Assert.NotEqual(Read<Wide70>("""{"p00":"a","p65":[]}"""), touched);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json)!;
}

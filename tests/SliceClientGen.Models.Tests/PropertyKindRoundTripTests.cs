using System.Text.Json;
using SliceClientGen.Models.Tests.Constructs;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>Every kind of property through the generated reader and writer: values, explicit nulls, the order read.</summary>
public sealed class PropertyKindRoundTripTests
{
    [Fact]
    public void Every_property_kind_round_trips_its_value_in_the_order_read()
    {
        const string json = """{"count":3,"id":"w1","size":9007199254740993,"ratio":0.5,"enabled":false,"created":"2026-01-02T03:04:05Z","color":"blue-ish","shape":"square","tags":["a","b"],"matrix":[[1,2],[3]],"parts":{"p":{"label":"l"}},"counters":{"c":1},"extra":{"any":[1,"x",null]},"unknown":1,"kind":"Widget","owner":{"name":"o"},"2fa-enabled":true,"x.dotted":"d","widget":"w","class":"c","retries":5,"nickname":"n"}""";

        Widget widget = JsonSerializer.Deserialize<Widget>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(widget));
    }

    [Fact]
    public void Every_property_kind_round_trips_an_explicit_null()
    {
        const string json = """{"id":null,"created":null,"count":null,"size":null,"ratio":null,"enabled":null,"retries":null,"nickname":null,"color":null,"shape":null,"class":null,"2fa-enabled":null,"x.dotted":null,"widget":null,"tags":null,"matrix":null,"parts":null,"counters":null,"extra":null,"kind":null,"owner":null}""";

        Widget widget = JsonSerializer.Deserialize<Widget>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(widget));
    }

    [Fact]
    public void A_nested_object_set_to_null_is_written_as_null()
    {
        var slice = new EndpointSlice { Metadata = null };

        Assert.Equal("""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":null}""", JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void A_required_list_filled_after_a_read_in_another_order_is_written_after_the_properties_read()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>("""{"addressType":"IPv4","kind":"EndpointSlice"}""")!;

        slice.Endpoints.Add(new Endpoint { Addresses = { "10.0.0.7" } });

        Assert.Equal(
            """{"addressType":"IPv4","kind":"EndpointSlice","endpoints":[{"addresses":["10.0.0.7"]}]}""",
            JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void A_required_list_only_looked_at_after_a_read_in_another_order_stays_absent()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>("""{"addressType":"IPv4","kind":"EndpointSlice"}""")!;

        Assert.Empty(slice.Endpoints);

        Assert.Equal("""{"addressType":"IPv4","kind":"EndpointSlice"}""", JsonSerializer.Serialize(slice));
    }
}

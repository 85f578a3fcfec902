using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>The generated writers' paths: the recorded wire order (shared or per object), straight-line writes, direct list loops.</summary>
public sealed class WriteOrderTests
{
    [Theory]
    [InlineData("""{"targetRef":{"name":"a","x":1,"kind":"Pod","y":[true],"uid":"u"},"addresses":["10.0.0.1"],"zone":"z"}""")]
    [InlineData("""{"x":{},"zone":"z","addresses":["10.0.0.1"],"conditions":{"serving":false,"ready":true}}""")]
    [InlineData("""{"addresses":["10.0.0.1",null],"conditions":{"ready":null,"serving":true},"hostname":null,"nodeName":"n","zone":null}""")]
    [InlineData("""{"addresses":[],"hints":{"forNodes":[{"name":"n1"},null],"forZones":null},"targetRef":null,"z":null}""")]
    public void Read_objects_are_written_back_byte_for_byte(string json)
    {
        Endpoint endpoint = JsonSerializer.Deserialize<Endpoint>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(endpoint));
    }

    [Fact]
    public void The_same_order_read_twice_shares_nothing_mutable()
    {
        const string json = """[{"zone":"z","nodeName":"n","addresses":["a"]},{"zone":"y","nodeName":"m","addresses":["b"]}]""";
        List<Endpoint> endpoints = JsonSerializer.Deserialize<List<Endpoint>>(json)!;

        endpoints[0].Hostname = "h";
        endpoints[1].AdditionalProperties["extra"] = JsonDocument.Parse("1").RootElement;

        Assert.Equal("""{"zone":"z","nodeName":"n","addresses":["a"],"hostname":"h"}""", JsonSerializer.Serialize(endpoints[0]));
        Assert.Equal("""{"zone":"y","nodeName":"m","addresses":["b"],"extra":1}""", JsonSerializer.Serialize(endpoints[1]));
    }

    [Fact]
    public void Lists_that_are_not_List_T_are_written_item_by_item()
    {
        var hints = new EndpointHints
        {
            ForZones = new[] { new EndpointHintsForZone { Name = "z1" }, null!, new EndpointHintsForZone { Name = "z2" } },
        };
        var endpoint = new Endpoint { Addresses = new System.Collections.ObjectModel.Collection<string> { "a", null!, "b" }, Hints = hints };

        Assert.Equal(
            """{"addresses":["a",null,"b"],"hints":{"forZones":[{"name":"z1"},null,{"name":"z2"}]}}""",
            JsonSerializer.Serialize(endpoint));
    }

    [Fact]
    public void New_objects_are_written_in_schema_order_with_explicit_nulls()
    {
        var endpoint = new Endpoint { Zone = "z", Hostname = null, Addresses = { "a" } };
        endpoint.Conditions = new EndpointConditions { Serving = true, Ready = null };

        Assert.Equal(
            """{"addresses":["a"],"conditions":{"ready":null,"serving":true},"hostname":null,"zone":"z"}""",
            JsonSerializer.Serialize(endpoint));
    }
}

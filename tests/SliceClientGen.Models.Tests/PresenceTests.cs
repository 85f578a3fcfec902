using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

public sealed class PresenceTests
{
    [Fact]
    public void Property_never_set_is_not_written()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new ObjectMeta()));
    }

    [Fact]
    public void Property_set_to_null_is_written_as_null()
    {
        Assert.Equal("""{"name":null}""", JsonSerializer.Serialize(new ObjectMeta { Name = null }));
    }

    [Fact]
    public void Explicit_null_round_trips_as_null()
    {
        const string json = """{"name":null,"labels":null,"creationTimestamp":null}""";

        ObjectMeta meta = JsonSerializer.Deserialize<ObjectMeta>(json)!;

        Assert.Null(meta.Name);
        Assert.Equal(json, JsonSerializer.Serialize(meta));
    }

    [Fact]
    public void Absent_property_stays_absent_after_round_trip()
    {
        ObjectMeta meta = JsonSerializer.Deserialize<ObjectMeta>("""{"name":"a"}""")!;

        Assert.Null(meta.Namespace);
        Assert.Equal("""{"name":"a"}""", JsonSerializer.Serialize(meta));
    }

    [Fact]
    public void Explicit_null_for_a_required_value_round_trips()
    {
        const string json = """{"addressType":null,"endpoints":null}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void Explicit_null_for_a_nested_object_round_trips()
    {
        const string json = """{"conditions":null,"targetRef":null}""";

        Endpoint endpoint = JsonSerializer.Deserialize<Endpoint>(json)!;

        Assert.Null(endpoint.Conditions);
        Assert.Equal(json, JsonSerializer.Serialize(endpoint));
    }

    [Fact]
    public void Nested_object_set_to_null_is_written_as_null()
    {
        Assert.Equal("""{"targetRef":null}""", JsonSerializer.Serialize(new Endpoint { TargetRef = null }));
    }

    [Fact]
    public void Explicit_null_for_booleans_and_integers_round_trips()
    {
        const string json = """{"ready":null,"serving":true,"terminating":null}""";
        const string port = """{"name":"http","port":null}""";

        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<EndpointConditions>(json)));
        Assert.Equal(port, JsonSerializer.Serialize(JsonSerializer.Deserialize<EndpointPort>(port)));
    }

    [Fact]
    public void Null_items_in_a_list_of_objects_round_trip()
    {
        const string json = """{"endpoints":[null,{"addresses":["10.0.0.1"]},null]}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;

        Assert.Null(slice.Endpoints[0]);
        Assert.Equal(json, JsonSerializer.Serialize(slice));
    }
}

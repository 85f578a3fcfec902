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
}

using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

public sealed class MalformedJsonTests
{
    [Fact]
    public void Wrong_type_names_the_json_path()
    {
        var error = Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<EndpointSlice>("""{"endpoints":[{"addresses":[]},{"conditions":{"ready":"yes"}}]}"""));

        Assert.Equal("$.endpoints[1].conditions.ready", error.Path);
        Assert.Contains("Expected true or false but found a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_out_of_range_names_the_json_path()
    {
        var error = Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize<EndpointSlice>("""{"ports":[{"port":99999999999}]}"""));

        Assert.Equal("$.ports[0].port", error.Path);
        Assert.Contains("Expected a 32-bit integer but found the number 99999999999.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_where_a_string_belongs_is_reported_as_that_number()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ObjectMeta>("""{"name":5}"""));

        Assert.Equal("$.name", error.Path);
        Assert.Contains("Expected a string but found the number 5.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_number_is_cut_in_the_message()
    {
        string digits = new('9', 5000);
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSlice>("{\"ports\":[{\"port\":" + digits + "}]}"));

        Assert.Contains("found the number " + new string('9', 32) + "… (5000 characters).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_where_a_string_belongs_is_rejected()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ObjectMeta>("""{"name":{"a":1}}"""));

        Assert.Equal("$.name", error.Path);
    }

    [Fact]
    public void Array_where_an_object_belongs_is_rejected()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSlice>("""{"metadata":[1]}"""));

        Assert.Equal("$.metadata", error.Path);
    }

    [Fact]
    public void Bad_timestamp_is_rejected()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ObjectMeta>("""{"creationTimestamp":"yesterday"}"""));

        Assert.Equal("$.creationTimestamp", error.Path);
    }

    [Fact]
    public void Truncated_json_is_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSlice>("""{"endpoints":[{"conditions":{"ready":tru"""));
    }

    [Fact]
    public void Enum_that_is_not_a_string_is_rejected()
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EndpointSlice>("""{"addressType":4}"""));

        Assert.Equal("$.addressType", error.Path);
    }
}

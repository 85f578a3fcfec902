using System.Text.Json;
using SliceClientGen.Models.Tests.Kube;
using Xunit;

namespace SliceClientGen.Models.Tests;

public sealed class EndpointSliceRoundTripTests
{
    /// <summary>What a real API server returns: fields and enum values the seed document does not list, in Go's field order.</summary>
    internal const string ServerEndpointSlice =
        """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-abc","generateName":"web-","namespace":"default","uid":"1b2c","resourceVersion":"123","generation":3,"creationTimestamp":"2026-01-02T03:04:05Z","labels":{"endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io","kubernetes.io/service-name":"web"},"ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"web","uid":"u","controller":true,"blockOwnerDeletion":true}],"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"discovery.k8s.io/v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:addressType":{},"f:endpoints":{}}}]},"addressType":"FQDN","endpoints":[{"addresses":["web-1.example.com"],"conditions":{"ready":true,"serving":true,"terminating":false},"hostname":"web-1","targetRef":{"kind":"Pod","namespace":"default","name":"web-1","uid":"p1"},"nodeName":"n1","zone":"z1","hints":{"forZones":[{"name":"z1"}],"forNodes":[{"name":"n1"}]},"deprecatedTopology":{"x":"y"}}],"ports":[{"name":"http","protocol":"TCP","port":80,"appProtocol":"http"}]}""";

    [Fact]
    public void Server_output_round_trips_byte_for_byte()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ServerEndpointSlice)!;

        Assert.Equal(ServerEndpointSlice, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void Known_fields_are_typed()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ServerEndpointSlice)!;

        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal("web", slice.Metadata.Labels!["kubernetes.io/service-name"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), slice.Metadata.CreationTimestamp);
        Assert.True(slice.Endpoints[0].Conditions!.Ready);
        Assert.Equal("z1", slice.Endpoints[0].Hints!.ForZones![0].Name);
        Assert.Equal("Pod", slice.Endpoints[0].TargetRef!.Kind);
        Assert.Equal(80, slice.Ports![0].Port);
        Assert.Equal(EndpointPortProtocol.TCP, slice.Ports[0].Protocol);
    }

    [Fact]
    public void Unknown_fields_are_kept_at_every_level()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ServerEndpointSlice)!;

        Assert.Equal(JsonValueKind.Array, slice.Metadata!.AdditionalProperties["ownerReferences"].ValueKind);
        Assert.Equal("kube-controller-manager", slice.Metadata.AdditionalProperties["managedFields"][0].GetProperty("manager").GetString());
        Assert.Equal(3, slice.Metadata.AdditionalProperties["generation"].GetInt32());
        Assert.Equal("y", slice.Endpoints[0].AdditionalProperties["deprecatedTopology"].GetProperty("x").GetString());
    }

    [Fact]
    public void Changing_one_field_keeps_everything_else()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ServerEndpointSlice)!;

        slice.Endpoints[0].Conditions!.Ready = false;

        string expected = ServerEndpointSlice.Replace("\"ready\":true", "\"ready\":false", StringComparison.Ordinal);
        Assert.Equal(expected, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void Unknown_enum_value_reads_compares_and_writes_back()
    {
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(ServerEndpointSlice)!;

        Assert.Equal("FQDN", slice.AddressType.Value);
        Assert.False(slice.AddressType.IsKnown);
        Assert.Equal(new EndpointSliceAddressType("FQDN"), slice.AddressType);
        Assert.NotEqual(EndpointSliceAddressType.IPv4, slice.AddressType);
        Assert.Contains("\"addressType\":\"FQDN\"", JsonSerializer.Serialize(slice), StringComparison.Ordinal);
    }

    [Fact]
    public void Bookmark_object_without_required_properties_deserializes()
    {
        const string bookmark = """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"resourceVersion":"12345","annotations":{"k8s.io/initial-events-end":"true"}}}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(bookmark)!;

        Assert.Equal("12345", slice.Metadata!.ResourceVersion);
        Assert.Empty(slice.Endpoints);
        Assert.Equal(bookmark, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void New_slice_starts_with_const_values()
    {
        var slice = new EndpointSlice();

        Assert.Equal("discovery.k8s.io/v1", slice.ApiVersion);
        Assert.Equal("EndpointSlice", slice.Kind);
        Assert.Equal("""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice"}""", JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void New_port_starts_with_default_protocol()
    {
        Assert.Equal(EndpointPortProtocol.TCP, new EndpointPort().Protocol);
    }

    [Fact]
    public void Items_added_to_a_required_list_are_written()
    {
        var slice = new EndpointSlice { AddressType = EndpointSliceAddressType.IPv4 };

        slice.Endpoints.Add(new Endpoint { Addresses = { "10.0.0.7" } });

        Assert.Equal(
            """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"]}]}""",
            JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void List_of_slices_round_trips()
    {
        string list = """{"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1","metadata":{"resourceVersion":"9","continue":"eyJ2Ijo"},"items":[""" + ServerEndpointSlice + "]}";

        EndpointSliceList parsed = JsonSerializer.Deserialize<EndpointSliceList>(list)!;

        Assert.Equal("eyJ2Ijo", parsed.Metadata!.Continue);
        Assert.Single(parsed.Items);
        Assert.Equal(list, JsonSerializer.Serialize(parsed));
    }
}

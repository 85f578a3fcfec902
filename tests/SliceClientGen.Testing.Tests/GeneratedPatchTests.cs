using System.Text.Json;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// The client generated from the real discovery.k8s.io/v1 document (SliceClientGen.EndpointSlices) patches: the
/// document offers JSON Patch first, but its Patch body is an object, so it is sent as a merge patch.
/// </summary>
public sealed class GeneratedPatchTests
{
    [Fact]
    public async Task The_generated_Patch_method_sends_its_object_body_as_a_merge_patch_the_server_applies()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        var client = new DiscoveryV1Client(server.Http);
        await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", new EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new ObjectMeta { Name = "web-1" },
            AddressType = "IPv4",
            Endpoints = [new Endpoint { Addresses = ["10.0.0.1"] }],
        }, fieldManager: "controller");
        var patch = new Patch();
        patch.AdditionalProperties["metadata"] = JsonSerializer.Deserialize<JsonElement>("""{"labels":{"tier":"gold"}}""");

        EndpointSlice patched = await client.PatchDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", patch);

        Assert.Equal("gold", patched.Metadata!.Labels!["tier"]);
        Assert.Equal("10.0.0.1", Assert.Single(Assert.Single(patched.Endpoints!).Addresses!));
    }
}

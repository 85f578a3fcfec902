using System.Text.Json;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// The client generated from the real discovery.k8s.io/v1 document (SliceClientGen.EndpointSlices) patches: the
/// document offers JSON Patch first, but its Patch body is an object, so it is sent as a merge patch unless the caller
/// picks another declared format (patchType); a JsonPatch is sent as JSON Patch.
/// </summary>
public sealed class GeneratedPatchTests
{
    private static async Task<DiscoveryV1Client> SeededAsync(TestServer server)
    {
        var client = new DiscoveryV1Client(server.Http);
        await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", new EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new ObjectMeta { Name = "web-1", Labels = new Dictionary<string, string> { ["tier"] = "silver" } },
            AddressType = "IPv4",
            Endpoints = [new Endpoint { Addresses = ["10.0.0.1"] }],
        }, fieldManager: "controller");
        return client;
    }

    private static Patch Labels(string json)
    {
        var patch = new Patch();
        patch.AdditionalProperties["metadata"] = JsonSerializer.Deserialize<JsonElement>("{\"labels\":" + json + "}");
        return patch;
    }

    [Fact]
    public async Task A_JsonPatch_is_sent_as_JSON_Patch_and_applied_in_order()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        DiscoveryV1Client client = await SeededAsync(server);

        EndpointSlice patched = await client.PatchDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", new JsonPatch()
            .Test("/metadata/labels/tier", "silver")
            .Replace("/metadata/labels/tier", "gold")
            .Add(JsonPatch.Pointer("metadata", "labels", "app.kubernetes.io/name"), "web"));

        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold", ["app.kubernetes.io/name"] = "web" }, patched.Metadata!.Labels);
    }

    [Fact]
    public async Task A_JsonPatch_whose_test_fails_changes_nothing()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        DiscoveryV1Client client = await SeededAsync(server);

        await Assert.ThrowsAnyAsync<ApiException>(() => client.PatchDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", new JsonPatch()
            .Test("/metadata/labels/tier", "bronze")
            .Replace("/metadata/labels/tier", "gold")));

        EndpointSlice current = await client.ReadDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1");
        Assert.Equal("silver", current.Metadata!.Labels!["tier"]);
    }

    [Fact]
    public async Task A_patch_sent_as_a_strategic_merge_patch_has_its_directives_interpreted_not_stored()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        DiscoveryV1Client client = await SeededAsync(server);

        EndpointSlice patched = await client.PatchDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Labels("""{"$patch":"merge","tier":"gold"}"""), PatchType.StrategicMergePatch);

        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold" }, patched.Metadata!.Labels);
    }

    [Fact]
    public async Task A_patch_sent_as_server_side_apply_records_its_field_manager()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        DiscoveryV1Client client = await SeededAsync(server);
        var configuration = new Patch();
        configuration.AdditionalProperties["metadata"] = JsonSerializer.Deserialize<JsonElement>("""{"name":"web-1","labels":{"team":"payments"}}""");
        configuration.AdditionalProperties["apiVersion"] = JsonSerializer.SerializeToElement("discovery.k8s.io/v1");
        configuration.AdditionalProperties["kind"] = JsonSerializer.SerializeToElement("EndpointSlice");

        EndpointSlice applied = await client.PatchDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", configuration, PatchType.ApplyPatch, fieldManager: "labeller");

        Assert.Equal("payments", applied.Metadata!.Labels!["team"]);
        Assert.Contains(applied.Metadata.ManagedFields!, entry => (entry.Manager, entry.Operation) == ("labeller", "Apply"));
    }

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

using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// The client generated from the real discovery.k8s.io/v1 document (SliceClientGen.EndpointSlices) applies server-side:
/// its Apply method sends the model as application/apply-patch+yaml with fieldManager and force.
/// </summary>
public sealed class GeneratedApplyTests
{
    private static EndpointSlice Configuration(int port) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new ObjectMeta { Name = "web-1", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        AddressType = "IPv4",
        Endpoints = [new Endpoint { Addresses = ["10.0.0.1"] }],
        Ports = [new EndpointPort { Name = "http", Port = port }],
    };

    [Fact]
    public async Task The_generated_Apply_method_creates_and_then_changes_the_slice_as_its_field_manager()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        var client = new DiscoveryV1Client(server.Http);

        await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Configuration(8080), fieldManager: "controller");
        EndpointSlice changed = await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Configuration(9090), fieldManager: "controller");

        Assert.Equal(9090, changed.Ports![0].Port);
        ManagedFieldsEntry entry = Assert.Single(changed.Metadata!.ManagedFields!);
        Assert.Equal(("controller", "Apply"), (entry.Manager, entry.Operation));
    }

    [Fact]
    public async Task The_generated_Apply_method_gets_the_conflict_as_an_ApiException_and_force_takes_the_field()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.OpenApiDocumentPath = TestServer.DiscoveryDocumentPath);
        var client = new DiscoveryV1Client(server.Http);
        await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Configuration(8080), fieldManager: "controller");

        ApiException conflict = await Assert.ThrowsAnyAsync<ApiException>(() => client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Configuration(9090), fieldManager: "rollout"));
        EndpointSlice forced = await client.ApplyDiscoveryV1NamespacedEndpointSliceAsync("shop", "web-1", Configuration(9090), fieldManager: "rollout", force: true);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(9090, forced.Ports![0].Port);
    }
}

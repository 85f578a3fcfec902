using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Every operation of the EndpointSlice document: the exact request on the wire and the typed result.</summary>
public sealed class EndpointSliceOperationTests
{
    private const string NamespacedPath = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";

    [Fact]
    public async Task List_namespaced_sends_get_with_only_the_set_query_parameters_and_returns_the_list()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.List));

        EndpointSliceList list = await Client(server).ListNamespacedEndpointSlicesAsync("default", labelSelector: "kubernetes.io/service-name=web", limit: 7, @continue: "abc");

        ReceivedRequest request = server.SingleRequest;
        Assert.Equal("GET", request.Method);
        Assert.Equal(NamespacedPath + "?labelSelector=kubernetes.io%2Fservice-name%3Dweb&limit=7&continue=abc", request.RawTarget);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Empty(request.Body);
        Assert.Equal("next-page", list.Metadata?.Continue);
        Assert.Equal("web-abc", Assert.Single(list.Items).Metadata?.Name);
    }

    [Fact]
    public async Task List_without_optional_arguments_sends_no_query_string()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.List));

        await Client(server).ListNamespacedEndpointSlicesAsync("default");

        Assert.Equal(NamespacedPath, server.SingleRequest.RawTarget);
    }

    [Fact]
    public async Task Label_selector_with_operators_is_escaped_and_reaches_the_server_unchanged()
    {
        const string Selector = "kubernetes.io/service-name=web,tier!=cache,env in (prod, staging)";
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.List));

        await Client(server).ListNamespacedEndpointSlicesAsync("default", labelSelector: Selector);

        Assert.Equal(Selector, Assert.Single(server.SingleRequest.Query["labelSelector"]));
        Assert.DoesNotContain(",", server.SingleRequest.RawQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_all_namespaces_sends_the_continue_token_the_document_omits()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.List));

        EndpointSliceList list = await Client(server).ListEndpointSlicesAllNamespacesAsync(fieldSelector: "metadata.name=web-abc", limit: 500, @continue: "tok/en=");

        Assert.Equal("/apis/discovery.k8s.io/v1/endpointslices?fieldSelector=metadata.name%3Dweb-abc&limit=500&continue=tok%2Fen%3D", server.SingleRequest.RawTarget);
        Assert.Single(list.Items);
    }

    [Fact]
    public async Task Create_posts_the_slice_as_json_with_dry_run_and_returns_the_created_slice()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(201, KubeObjects.Slice));
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(KubeObjects.Slice)!;

        EndpointSlice created = await Client(server).CreateNamespacedEndpointSliceAsync("default", slice, dryRun: DryRun.All);

        ReceivedRequest request = server.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal(NamespacedPath + "?dryRun=All", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(KubeObjects.Slice, request.BodyText);
        Assert.Equal("42", created.Metadata?.ResourceVersion);
    }

    [Fact]
    public async Task Get_sends_get_to_the_object_path_and_returns_the_slice_with_unknown_fields_kept()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        EndpointSlice slice = await Client(server).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("GET", server.SingleRequest.Method);
        Assert.Equal(NamespacedPath + "/web-abc", server.SingleRequest.RawTarget);
        Assert.Equal(EndpointSliceAddressType.IPv4, slice.AddressType);
        Assert.True(slice.Metadata!.AdditionalProperties.ContainsKey("ownerReferences"));
        Assert.Equal(KubeObjects.Slice, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public async Task Replace_puts_the_slice_byte_for_byte()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(KubeObjects.Slice)!;

        EndpointSlice replaced = await Client(server).ReplaceNamespacedEndpointSliceAsync("default", "web-abc", slice);

        Assert.Equal("PUT", server.SingleRequest.Method);
        Assert.Equal(NamespacedPath + "/web-abc", server.SingleRequest.RawTarget);
        Assert.Equal("application/json", server.SingleRequest.Header("Content-Type"));
        Assert.Equal(KubeObjects.Slice, server.SingleRequest.BodyText);
        Assert.Equal("web-abc", replaced.Metadata?.Name);
    }

    [Fact]
    public async Task Patch_with_a_json_node_sends_it_as_is_as_a_merge_patch()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "gold", ["old"] = null } } };

        await Client(server).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch);

        Assert.Equal("PATCH", server.SingleRequest.Method);
        Assert.Equal(NamespacedPath + "/web-abc", server.SingleRequest.RawTarget);
        Assert.Equal("application/merge-patch+json", server.SingleRequest.Header("Content-Type"));
        Assert.Equal("""{"metadata":{"labels":{"tier":"gold","old":null}}}""", server.SingleRequest.BodyText);
    }

    [Fact]
    public async Task Patch_with_a_json_element_sends_it_as_is()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        using JsonDocument patch = JsonDocument.Parse("""{"endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":false}}]}""");

        await Client(server).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch.RootElement);

        Assert.Equal("application/merge-patch+json", server.SingleRequest.Header("Content-Type"));
        Assert.Equal("""{"endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":false}}]}""", server.SingleRequest.BodyText);
    }

    [Fact]
    public async Task Patch_with_a_model_sends_only_the_properties_that_were_set()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        var patch = new EndpointSlice { Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["tier"] = "gold" } } };

        EndpointSlice patched = await Client(server).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch);

        Assert.Equal("application/merge-patch+json", server.SingleRequest.Header("Content-Type"));
        Assert.Equal("""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"labels":{"tier":"gold"}}}""", server.SingleRequest.BodyText);
        Assert.Equal("web-abc", patched.Metadata?.Name);
    }

    [Fact]
    public async Task Delete_sends_delete_and_returns_the_deleted_slice()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        EndpointSlice deleted = await Client(server).DeleteNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("DELETE", server.SingleRequest.Method);
        Assert.Equal(NamespacedPath + "/web-abc", server.SingleRequest.RawTarget);
        Assert.Empty(server.SingleRequest.Body);
        Assert.Equal("web-abc", deleted.Metadata?.Name);
    }

    [Fact]
    public async Task Requests_ask_for_json_and_carry_no_body_headers_without_a_body()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await Client(server).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("application/json", server.SingleRequest.Header("Accept"));
        Assert.Null(server.SingleRequest.Header("Content-Type"));
    }

    private static EndpointSlicesClient Client(TestApiServer server) =>
        new(new HttpClient { BaseAddress = server.BaseAddress }, new ApiClientOptions { Timeout = TimeSpan.FromSeconds(10) });
}

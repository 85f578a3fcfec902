using System.Text.Json;
using System.Text.Json.Nodes;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Kube;
using WireMock;
using WireMock.Server;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// Every operation of the EndpointSlice document over real HTTP to WireMock.Net stubs (canned answers): the exact
/// method, path, raw query string, headers and body the server receives, and the typed result the caller gets.
/// </summary>
public sealed class EndpointSliceOperationTests
{
    private const string Collection = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";
    private const string Item = Collection + "/web-abc";

    private static EndpointSlice NewSlice() => new()
    {
        Metadata = new ObjectMeta { Name = "web-abc", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        AddressType = EndpointSliceAddressType.IPv4,
        Endpoints = { new Endpoint { Addresses = { "10.0.0.7" }, Conditions = new EndpointConditions { Ready = true } } },
        Ports = new List<EndpointPort> { new() { Name = "http", Port = 8080 } },
    };

    private const string NewSliceJson =
        """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":true}}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}""";

    private static void AssertIsTheSlice(EndpointSlice slice)
    {
        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal("default", slice.Metadata.Namespace);
        Assert.Equal("4242", slice.Metadata.ResourceVersion);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), slice.Metadata.CreationTimestamp);
        Assert.Equal("web", slice.Metadata.Labels!["kubernetes.io/service-name"]);
        Assert.True(slice.Metadata.AdditionalProperties.ContainsKey("ownerReferences"));
        Assert.Equal(EndpointSliceAddressType.IPv4, slice.AddressType);
        Endpoint endpoint = Assert.Single(slice.Endpoints);
        Assert.Equal(new[] { "10.0.0.7" }, endpoint.Addresses);
        Assert.True(endpoint.Conditions!.Ready);
        Assert.Equal("node-1", endpoint.NodeName);
        EndpointPort port = Assert.Single(slice.Ports!);
        Assert.Equal(8080, port.Port);
        Assert.Equal(EndpointPortProtocol.TCP, port.Protocol);
    }

    private static void AssertJsonRequest(IRequestMessage request, string method, string rawPath, string rawQuery, string contentType, string body)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(rawPath, request.Path);
        Assert.Equal(rawQuery, request.RawQuery);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal(contentType, request.Header("Content-Type"));
        Assert.Equal(body, request.Body);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
    }

    private static void AssertBodilessRequest(IRequestMessage request, string method, string rawPath, string rawQuery)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(rawPath, request.Path);
        Assert.Equal(rawQuery, request.RawQuery);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Header("Content-Type"));
        Assert.True(string.IsNullOrEmpty(request.Body));
    }

    [Fact]
    public async Task ListNamespaced_sends_GET_to_the_namespace_collection_without_a_query_and_returns_the_typed_list()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.List("900", "next-page", KubeJson.Slice, KubeJson.SliceNamed("web-def"))));
        using HttpClient http = server.CreateHttpClient();

        EndpointSliceList list = await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default");

        AssertBodilessRequest(server.SingleRequest(), "GET", Collection, string.Empty);
        Assert.Equal("EndpointSliceList", list.Kind);
        Assert.Equal("900", list.Metadata!.ResourceVersion);
        Assert.Equal("next-page", list.Metadata.Continue);
        Assert.Equal(2, list.Items.Count);
        AssertIsTheSlice(list.Items[0]);
        Assert.Equal("web-def", list.Items[1].Metadata!.Name);
    }

    [Fact]
    public async Task ListNamespaced_sends_every_set_query_parameter_in_declaration_order()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync(
            "default",
            labelSelector: "app=web",
            fieldSelector: "metadata.name=web-abc",
            limit: 50,
            @continue: "tok",
            resourceVersion: "77",
            resourceVersionMatch: "NotOlderThan",
            timeoutSeconds: 30);

        AssertBodilessRequest(
            server.SingleRequest(),
            "GET",
            Collection,
            "?labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dweb-abc&limit=50&continue=tok&resourceVersion=77&resourceVersionMatch=NotOlderThan&timeoutSeconds=30");
    }

    [Fact]
    public async Task ListAllNamespaces_sends_GET_to_the_cluster_collection_and_returns_the_typed_list()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.List("901", null, KubeJson.Slice)));
        using HttpClient http = server.CreateHttpClient();

        EndpointSliceList list = await TestClients.Kube(http).ListEndpointSlicesAllNamespacesAsync(labelSelector: "kubernetes.io/service-name=web", limit: 500);

        AssertBodilessRequest(server.SingleRequest(), "GET", "/apis/discovery.k8s.io/v1/endpointslices", "?labelSelector=kubernetes.io%2Fservice-name%3Dweb&limit=500");
        Assert.Equal("901", list.Metadata!.ResourceVersion);
        Assert.Null(list.Metadata.Continue);
        AssertIsTheSlice(Assert.Single(list.Items));
    }

    [Fact]
    public async Task Create_sends_POST_with_the_model_as_exact_JSON_and_returns_the_created_object()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(201, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        EndpointSlice created = await TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", NewSlice());

        AssertJsonRequest(server.SingleRequest(), "POST", Collection, string.Empty, "application/json", NewSliceJson);
        AssertIsTheSlice(created);
    }

    [Fact]
    public async Task Create_with_dryRun_All_sends_the_enum_by_its_wire_value()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(201, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", NewSlice(), dryRun: DryRun.All);

        AssertJsonRequest(server.SingleRequest(), "POST", Collection, "?dryRun=All", "application/json", NewSliceJson);
    }

    [Fact]
    public async Task Get_sends_GET_to_the_item_and_returns_the_typed_object()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        EndpointSlice slice = await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc");

        AssertBodilessRequest(server.SingleRequest(), "GET", Item, string.Empty);
        AssertIsTheSlice(slice);
    }

    [Fact]
    public async Task Replace_sends_PUT_with_the_object_read_by_Get_byte_for_byte()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        EndpointSlicesClient client = TestClients.Kube(http);
        EndpointSlice slice = await client.GetNamespacedEndpointSliceAsync("default", "web-abc");

        EndpointSlice replaced = await client.ReplaceNamespacedEndpointSliceAsync("default", "web-abc", slice, dryRun: DryRun.All);

        Assert.Equal(2, server.Requests().Count);
        AssertJsonRequest(server.Requests()[1], "PUT", Item, "?dryRun=All", "application/json", KubeJson.Slice);
        AssertIsTheSlice(replaced);
    }

    [Fact]
    public async Task Replace_sends_a_changed_model_with_the_change_in_place()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        EndpointSlice slice = NewSlice();
        slice.Metadata!.ResourceVersion = "4242";

        await TestClients.Kube(http).ReplaceNamespacedEndpointSliceAsync("default", "web-abc", slice);

        AssertJsonRequest(
            server.SingleRequest(),
            "PUT",
            Item,
            string.Empty,
            "application/json",
            """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","resourceVersion":"4242","labels":{"kubernetes.io/service-name":"web"}},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.7"],"conditions":{"ready":true}}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}""");
    }

    [Fact]
    public async Task Patch_with_a_JsonNode_sends_PATCH_as_merge_patch_JSON_exactly_as_built()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "gold", ["old"] = null } } };

        EndpointSlice patched = await TestClients.Kube(http).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch);

        AssertJsonRequest(server.SingleRequest(), "PATCH", Item, string.Empty, "application/merge-patch+json", """{"metadata":{"labels":{"tier":"gold","old":null}}}""");
        AssertIsTheSlice(patched);
    }

    [Fact]
    public async Task Patch_with_a_JsonElement_sends_PATCH_as_merge_patch_JSON_with_the_parsed_value()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        using JsonDocument patch = JsonDocument.Parse("""{ "endpoints": [ { "addresses": ["10.0.0.8"], "conditions": { "ready": false } } ] }""");

        EndpointSlice patched = await TestClients.Kube(http).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch.RootElement);

        AssertJsonRequest(server.SingleRequest(), "PATCH", Item, string.Empty, "application/merge-patch+json", """{"endpoints":[{"addresses":["10.0.0.8"],"conditions":{"ready":false}}]}""");
        AssertIsTheSlice(patched);
    }

    [Fact]
    public async Task Patch_with_an_undefined_JsonElement_throws_before_any_request()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.EmptyList));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentException>(() => TestClients.Kube(http).PatchNamespacedEndpointSliceAsync("default", "web-abc", default(JsonElement)));

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task Patch_with_a_model_sends_PATCH_as_merge_patch_JSON_with_only_what_is_set()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        var patch = new EndpointSlice { Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["tier"] = "gold" } } };

        EndpointSlice patched = await TestClients.Kube(http).PatchNamespacedEndpointSliceAsync("default", "web-abc", patch);

        AssertJsonRequest(server.SingleRequest(), "PATCH", Item, string.Empty, "application/merge-patch+json", """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"labels":{"tier":"gold"}}}""");
        AssertIsTheSlice(patched);
    }

    [Fact]
    public async Task Delete_sends_DELETE_to_the_item_without_a_body_and_returns_the_typed_object()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        EndpointSlice deleted = await TestClients.Kube(http).DeleteNamespacedEndpointSliceAsync("default", "web-abc");

        AssertBodilessRequest(server.SingleRequest(), "DELETE", Item, string.Empty);
        AssertIsTheSlice(deleted);
    }

    [Fact]
    public async Task Create_with_a_null_body_throws_ArgumentNullException_before_any_request()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.EmptyList));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentNullException>(() => TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", null!));

        Assert.Empty(server.LogEntries);
    }

    [Fact]
    public async Task A_user_agent_and_other_default_headers_of_the_HttpClient_are_sent_along()
    {
        using WireMockServer server = Stubs.Answering(Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("slice-tests/1.0");

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("slice-tests/1.0", server.SingleRequest().Header("User-Agent"));
        Assert.Equal("application/json", server.SingleRequest().Header("Accept"));
    }
}

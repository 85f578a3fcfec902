using SliceClientGen.Client.Tests.Infrastructure;

namespace SliceClientGen.Client.Tests;

/// <summary>Query parameters: sent only when set, escaped so the server decodes exactly what the caller passed.</summary>
public sealed class QueryParameterTests
{
    private const string Collection = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices";

    [Fact]
    public async Task Query_parameters_left_null_are_not_sent_at_all()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", fieldSelector: null, limit: 10);

        Assert.Equal("?limit=10", server.Single.RawQuery);
        Assert.Equal(new[] { "limit" }, server.Single.Query.Keys);
    }

    [Fact]
    public async Task A_zero_limit_and_an_empty_selector_are_set_values_and_are_sent()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", labelSelector: string.Empty, limit: 0);

        Assert.Equal("?labelSelector=&limit=0", server.Single.RawQuery);
    }

    [Fact]
    public async Task A_label_selector_with_equals_commas_and_set_syntax_is_escaped_and_decoded_by_the_server_to_the_original()
    {
        const string selector = "kubernetes.io/service-name=web,tier in (gold, silver),!canary,env!=prod";
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", labelSelector: selector);

        RecordedRequest request = server.Single;
        Assert.Equal("?labelSelector=kubernetes.io%2Fservice-name%3Dweb%2Ctier%20in%20%28gold%2C%20silver%29%2C%21canary%2Cenv%21%3Dprod", request.RawQuery);
        Assert.Equal(new[] { selector }, request.Query["labelSelector"]);
    }

    [Fact]
    public async Task A_continue_token_with_plus_slash_equals_and_ampersand_reaches_the_server_unchanged()
    {
        const string token = "eyJ2IjoibWV0YS5rOHMuaW8vdjEi+/a==&next=1";
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", limit: 5, @continue: token);

        RecordedRequest request = server.Single;
        Assert.Equal("?limit=5&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEi%2B%2Fa%3D%3D%26next%3D1", request.RawQuery);
        Assert.Equal(new[] { token }, request.Query["continue"]);
        Assert.False(request.Query.ContainsKey("next"));
    }

    [Fact]
    public async Task A_unicode_field_selector_is_sent_as_percent_encoded_UTF8()
    {
        const string selector = "metadata.name=café";
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ListEndpointSlicesAllNamespacesAsync(fieldSelector: selector);

        Assert.Equal("?fieldSelector=metadata.name%3Dcaf%C3%A9", server.Single.RawQuery);
        Assert.Equal(new[] { selector }, server.Single.Query["fieldSelector"]);
    }

    [Fact]
    public async Task Replace_without_dryRun_sends_no_query_string()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).ReplaceNamespacedEndpointSliceAsync("default", "web-abc", new Kube.EndpointSlice { AddressType = Kube.EndpointSliceAddressType.IPv4 });

        Assert.Equal(string.Empty, server.Single.RawQuery);
        Assert.Equal(Collection + "/web-abc", server.Single.RawPath);
    }

    [Fact]
    public async Task An_unknown_dryRun_value_is_sent_by_its_wire_value_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(201, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", new Kube.EndpointSlice(), dryRun: new Kube.DryRun("Some Future&Mode"));

        Assert.Equal("?dryRun=Some%20Future%26Mode", server.Single.RawQuery);
        Assert.Equal(new[] { "Some Future&Mode" }, server.Single.Query["dryRun"]);
    }
}

using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>Where requests go: the HttpClient's BaseAddress, else ApiClientOptions.BaseAddress, else the document's server; path prefixes are kept.</summary>
public sealed class BaseAddressTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    [Fact]
    public async Task The_HttpClient_BaseAddress_wins_over_ApiClientOptions_BaseAddress()
    {
        await using LoopbackServer used = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        await using LoopbackServer ignored = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = used.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.BaseAddress = ignored.BaseAddress);
        var client = TestClients.Kube(http, options);

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal(Item, used.Single.RawPath);
        Assert.Empty(ignored.Requests);
        Assert.Equal(used.BaseAddress, client.Pipeline.BaseAddress);
    }

    [Fact]
    public async Task ApiClientOptions_BaseAddress_is_used_when_the_HttpClient_has_none()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        ApiClientOptions options = TestClients.Options(configure: o => o.BaseAddress = server.BaseAddress);

        await TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal(Item, server.Single.RawPath);
    }

    [Theory]
    [InlineData("prefix/")]
    [InlineData("prefix")]
    [InlineData("k8s/cluster-a/")]
    public async Task An_HttpClient_BaseAddress_with_a_path_prefix_keeps_the_prefix(string prefix)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        http.BaseAddress = server.At(prefix);

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("/" + prefix.TrimEnd('/') + Item, server.Single.RawPath);
    }

    [Fact]
    public async Task An_options_BaseAddress_with_a_path_prefix_keeps_the_prefix_and_the_query()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        ApiClientOptions options = TestClients.Options(configure: o => o.BaseAddress = server.At("proxy/"));

        await TestClients.Kube(http, options).ListEndpointSlicesAllNamespacesAsync(limit: 1);

        Assert.Equal("/proxy/apis/discovery.k8s.io/v1/endpointslices", server.Single.RawPath);
        Assert.Equal("?limit=1", server.Single.RawQuery);
    }

    [Fact]
    public async Task The_error_RequestPath_is_the_operation_path_without_the_base_prefix()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(404, KubeJson.Status(404, "NotFound", "nope")));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        http.BaseAddress = server.At("prefix/");

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("/prefix" + Item, server.Single.RawPath);
        Assert.Equal(Item, e.RequestPath);
    }

    [Fact]
    public void Without_any_base_address_the_document_server_is_used()
    {
        using var http = new HttpClient();

        var client = new EndpointSlicesClient(http);

        Assert.Equal(new Uri(EndpointSlicesClient.DefaultServer), client.Pipeline.BaseAddress);
        Assert.Equal("https://kubernetes.default.svc", EndpointSlicesClient.DefaultServer);
    }

    [Fact]
    public void A_relative_options_BaseAddress_is_rejected_when_the_client_is_created()
    {
        using var http = new HttpClient();

        ArgumentException e = Assert.Throws<ArgumentException>(() => new EndpointSlicesClient(http, new ApiClientOptions { BaseAddress = new Uri("relative/path", UriKind.Relative) }));

        Assert.Contains("absolute", e.Message);
    }

    [Fact]
    public async Task Options_changed_after_the_client_is_created_do_not_apply()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        await using LoopbackServer other = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient(withBaseAddress: false);
        ApiClientOptions options = TestClients.Options(configure: o => o.BaseAddress = server.BaseAddress);
        EndpointSlicesClient client = TestClients.Kube(http, options);
        options.BaseAddress = other.BaseAddress;

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Single(server.Requests);
        Assert.Empty(other.Requests);
    }
}

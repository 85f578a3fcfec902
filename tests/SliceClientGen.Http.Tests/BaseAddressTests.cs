using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Where requests go: the HttpClient's base address, else the options', else the document's server.</summary>
public sealed class BaseAddressTests
{
    [Fact]
    public async Task The_options_base_address_is_used_when_the_http_client_has_none()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await new EndpointSlicesClient(new HttpClient(), new ApiClientOptions { BaseAddress = server.BaseAddress }).GetNamespacedEndpointSliceAsync("default", "web");

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_http_client_base_address_wins_over_the_options()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        var client = new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:9/") });

        await client.GetNamespacedEndpointSliceAsync("default", "web");

        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("proxy/k8s")]
    [InlineData("proxy/k8s/")]
    public async Task A_base_address_path_is_kept_as_a_prefix(string prefix)
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await new EndpointSlicesClient(new HttpClient { BaseAddress = new Uri(server.BaseAddress, prefix) }).GetNamespacedEndpointSliceAsync("default", "web");

        Assert.Equal("/proxy/k8s/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web", server.SingleRequest.RawTarget);
    }

    [Fact]
    public void Without_any_base_address_the_documents_first_server_is_used()
    {
        var client = new EndpointSlicesClient(new HttpClient());

        Assert.Equal(new Uri(EndpointSlicesClient.DefaultServer), client.Pipeline.BaseAddress);
        Assert.Equal("https://kubernetes.default.svc", EndpointSlicesClient.DefaultServer);
    }

    [Fact]
    public void A_relative_options_base_address_is_rejected_with_the_setting_named()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new EndpointSlicesClient(new HttpClient(), new ApiClientOptions { BaseAddress = new Uri("/api", UriKind.Relative) }));

        Assert.Contains("ApiClientOptions.BaseAddress", error.Message, StringComparison.Ordinal);
    }
}

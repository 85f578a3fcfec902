using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Path parameters are one RFC 3986 segment each: no value can change the request path.</summary>
public sealed class PathEscapingTests
{
    [Fact]
    public async Task A_namespace_with_slash_percent_space_query_and_fragment_characters_stays_one_segment()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await Client(server).GetNamespacedEndpointSliceAsync("a/b%c d?e#f", "web");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/a%2Fb%25c%20d%3Fe%23f/endpointslices/web", server.SingleRequest.RawTarget);
    }

    [Fact]
    public async Task A_unicode_name_is_sent_as_percent_encoded_utf8()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await Client(server).GetNamespacedEndpointSliceAsync("default", "café-😀");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/caf%C3%A9-%F0%9F%98%80", server.SingleRequest.RawTarget);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/café-😀", server.SingleRequest.Path);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_name_no_url_path_can_carry_is_rejected_before_any_request(string name)
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", name));

        Assert.Equal("name", error.ParamName);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_null_name_is_an_argument_null_exception_naming_the_parameter()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        ArgumentNullException error = await Assert.ThrowsAsync<ArgumentNullException>(() => Client(server).GetNamespacedEndpointSliceAsync(null!, "web"));

        Assert.Equal("namespace", error.ParamName);
    }

    private static EndpointSlicesClient Client(TestApiServer server) => new(new HttpClient { BaseAddress = server.BaseAddress });
}

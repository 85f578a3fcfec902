using SliceClientGen.Client.Tests.Infrastructure;

namespace SliceClientGen.Client.Tests;

/// <summary>Path parameters are one RFC 3986 segment each, whatever they contain; values no path can carry are refused before any request.</summary>
public sealed class PathEscapingTests
{
    [Fact]
    public async Task Get_escapes_a_namespace_with_slash_percent_space_and_unicode_as_one_segment()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("a/b%c d-é", "web-abc");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/a%2Fb%25c%20d-%C3%A9/endpointslices/web-abc", server.Single.RawPath);
        Assert.Equal(string.Empty, server.Single.RawQuery);
    }

    [Fact]
    public async Task Get_escapes_question_mark_and_hash_in_a_name_so_they_start_neither_a_query_nor_a_fragment()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web?watch=true#frag");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web%3Fwatch%3Dtrue%23frag", server.Single.RawPath);
        Assert.Equal(string.Empty, server.Single.RawQuery);
        Assert.Empty(server.Single.Query);
    }

    [Fact]
    public async Task Delete_of_a_name_made_of_dots_and_slashes_stays_in_its_segment_and_cannot_climb_the_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).DeleteNamespacedEndpointSliceAsync("default", "../../../../api/v1/secrets");

        Assert.Equal("DELETE", server.Single.Method);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/..%2F..%2F..%2F..%2Fapi%2Fv1%2Fsecrets", server.Single.RawPath);
    }

    [Fact]
    public async Task A_name_that_is_already_percent_encoded_is_escaped_again_not_decoded()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "%2E%2E");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/%252E%252E", server.Single.RawPath);
    }

    [Fact]
    public async Task A_name_with_dots_inside_is_sent_as_is()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web.v1..x...");

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web.v1..x...", server.Single.RawPath);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_name_of_dot_dotdot_or_empty_throws_ArgumentException_before_any_request(string name)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", name));

        Assert.Equal("name", e.ParamName);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_namespace_of_dot_dotdot_or_empty_throws_ArgumentException_before_any_request(string @namespace)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => TestClients.Kube(http).ListNamespacedEndpointSlicesAsync(@namespace));

        Assert.Equal("namespace", e.ParamName);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_null_name_throws_ArgumentNullException_before_any_request()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAsync<ArgumentNullException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", null!));

        Assert.Empty(server.Requests);
    }
}

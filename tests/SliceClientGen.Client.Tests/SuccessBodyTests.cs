using System.Text.Json;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>Success responses whose body is not what the document declares: always an ApiException naming what was wrong, never a hang.</summary>
public sealed class SuccessBodyTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    private static ApiClientOptions NoRetries() => TestClients.Options(configure: o => o.Retry.Enabled = false);

    [Fact]
    public async Task An_empty_200_throws_ApiException_saying_the_body_is_empty()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200, string.Empty, "application/json"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal(System.Net.HttpStatusCode.OK, e.StatusCode);
        Assert.Equal("GET " + Item + " returned 200 OK with an empty body where the document declares EndpointSlice.", e.Message);
        Assert.Equal("GET", e.Method);
        Assert.Equal(Item, e.RequestPath);
    }

    [Fact]
    public async Task A_whitespace_only_200_counts_as_empty()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200, " \r\n\t ", "application/json"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Contains("an empty body", e.Message);
    }

    [Fact]
    public async Task A_JSON_null_200_throws_ApiException_saying_null()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, "null"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Contains("a JSON null where the document declares EndpointSlice", e.Message);
    }

    [Fact]
    public async Task Half_a_JSON_object_in_a_complete_chunked_response_throws_ApiException_with_an_inner_JsonException()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Chunked(TimeSpan.Zero, KubeJson.Slice[..(KubeJson.Slice.Length / 2)]));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.StartsWith("GET " + Item + " returned 200 OK with a body that is not the declared EndpointSlice JSON: ", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_body_sent_in_many_small_chunks_is_reassembled_and_parsed()
    {
        string[] parts = KubeJson.Slice.Chunk(7).Select(c => new string(c)).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Chunked(TimeSpan.FromMilliseconds(1), parts));
        using HttpClient http = server.CreateHttpClient();

        Kube.EndpointSlice slice = await TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal("4242", slice.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_wrongly_typed_property_throws_ApiException_whose_inner_JsonException_names_the_JSON_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, """{"addressType":"IPv4","endpoints":[{"addresses":[],"conditions":{"ready":"yes"}}]}"""));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        JsonException inner = Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.Contains("$.endpoints[0].conditions.ready", inner.Message);
        Assert.Contains("$.endpoints[0].conditions.ready", e.Message);
    }

    [Fact]
    public async Task An_HTML_200_from_a_proxy_throws_ApiException_with_an_inner_JsonException()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(200, "<html>login</html>", "text/html"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.Contains("not the declared EndpointSlice JSON", e.Message);
    }

    [Fact]
    public async Task Trailing_data_after_the_JSON_value_throws_ApiException()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice + "{}"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsAssignableFrom<JsonException>(e.InnerException);
    }

    [Fact]
    public async Task A_body_cut_short_of_its_Content_Length_throws_ApiException_about_the_dropped_connection_without_retries()
    {
        string half = KubeJson.Slice[..(KubeJson.Slice.Length / 2)];
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.CutShort(half, KubeJson.Slice.Length));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http, NoRetries()).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal("GET " + Item + " returned 200 OK with a connection that dropped while the body was read.", e.Message);
        Assert.NotNull(e.InnerException);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_POST_whose_response_is_cut_short_throws_ApiException_and_is_not_sent_again()
    {
        string half = KubeJson.Slice[..(KubeJson.Slice.Length / 2)];
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.CutShort(half, KubeJson.Slice.Length));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", new Kube.EndpointSlice())).Within();

        Assert.Contains("a connection that dropped while the body was read", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_large_list_streamed_in_chunks_is_read_completely()
    {
        string[] items = Enumerable.Range(0, 3000).Select(i => KubeJson.SliceNamed("slice-" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        string json = KubeJson.List("5000", null, items);
        string[] parts = json.Chunk(64 * 1024).Select(c => new string(c)).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Chunked(TimeSpan.Zero, parts));
        using HttpClient http = server.CreateHttpClient();

        Kube.EndpointSliceList list = await TestClients.Kube(http).ListEndpointSlicesAllNamespacesAsync().Within();

        Assert.Equal(3000, list.Items.Count);
        Assert.Equal("slice-2999", list.Items[2999].Metadata!.Name);
        Assert.Equal("2999", list.Items[2999].Metadata!.ResourceVersion);
    }

    [Theory]
    [InlineData("""{"addressType":"IPv4","endpoints":[],"ports":[{"port":99999999999}]}""", "$.ports[0].port")]
    [InlineData("""{"addressType":"IPv4","endpoints":[],"ports":[{"port":80.5}]}""", "$.ports[0].port")]
    [InlineData("""{"addressType":"IPv4","endpoints":[],"metadata":{"creationTimestamp":"yesterday"}}""", "$.metadata.creationTimestamp")]
    [InlineData("""{"addressType":"IPv4","endpoints":[{"addresses":"10.0.0.1"}]}""", "$.endpoints[0].addresses")]
    [InlineData("""{"addressType":7,"endpoints":[]}""", "$.addressType")]
    public async Task A_value_that_does_not_fit_its_declared_type_throws_ApiException_naming_the_JSON_path(string json, string path)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, json));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.Contains(path, e.Message);
    }
}

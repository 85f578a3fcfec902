using Microsoft.Extensions.Time.Testing;
using System.Net;
using WireMock.Server;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>Non-success statuses: typed Kubernetes Status errors, undeclared statuses, HTML and oversized bodies.</summary>
public sealed class ErrorResponseTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    [Fact]
    public async Task A_404_with_a_Status_body_throws_ApiException_of_Status_with_every_fact()
    {
        string body = KubeJson.Status(404, "NotFound", "endpointslices.discovery.k8s.io \"web-abc\" not found");
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(404, body));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("Not Found", e.ReasonPhrase);
        Assert.True(e.IsNotFound);
        Assert.False(e.IsConflict);
        Assert.Equal("GET", e.Method);
        Assert.Equal(Item, e.RequestPath);
        Assert.Equal("endpointslices.discovery.k8s.io \"web-abc\" not found", e.Error.Message);
        Assert.Equal("NotFound", e.Error.Reason);
        Assert.Equal(404, e.Error.Code);
        Assert.Equal(StatusStatus.Failure, e.Error.StatusValue);
        Assert.Same(e.Error, e.ErrorBody);
        Assert.Equal(body, e.ResponseBody);
        Assert.False(e.ResponseBodyTruncated);
        Assert.Null(e.RetryAfter);
        Assert.Equal("GET " + Item + " failed with 404 Not Found: endpointslices.discovery.k8s.io \"web-abc\" not found.", e.Message);
    }

    [Fact]
    public async Task A_401_with_a_Status_body_on_a_list_is_typed_and_IsUnauthorized()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(401, KubeJson.Status(401, "Unauthorized", "Unauthorized")));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).ListEndpointSlicesAllNamespacesAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("Unauthorized", e.ReasonPhrase);
        Assert.True(e.IsUnauthorized);
        Assert.Equal("Unauthorized", e.Error.Reason);
        Assert.Equal(401, e.Error.Code);
        Assert.Equal("/apis/discovery.k8s.io/v1/endpointslices", e.RequestPath);
    }

    [Fact]
    public async Task A_custom_reason_phrase_from_the_server_is_kept()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(404, KubeJson.Status(404, "NotFound", "gone"), reasonPhrase: "Nothing Here"));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("Nothing Here", e.ReasonPhrase);
        Assert.StartsWith("GET " + Item + " failed with 404 Nothing Here: gone", e.Message);
    }

    [Fact]
    public async Task An_undeclared_410_with_a_Status_body_is_still_typed_and_IsExpired()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(410, KubeJson.Status(410, "Expired", "too old resource version: 1 (4242)")));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", resourceVersion: "1"));

        Assert.Equal(HttpStatusCode.Gone, e.StatusCode);
        Assert.True(e.IsExpired);
        Assert.Equal("Expired", e.Error.Reason);
        Assert.Equal(410, e.Error.Code);
        Assert.Equal("too old resource version: 1 (4242)", e.Error.Message);
    }

    [Fact]
    public async Task An_undeclared_409_on_create_with_a_Status_body_is_still_typed_and_IsConflict()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(409, KubeJson.Status(409, "AlreadyExists", "endpointslices.discovery.k8s.io \"web-abc\" already exists")));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).CreateNamespacedEndpointSliceAsync("default", new EndpointSlice()));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.True(e.IsConflict);
        Assert.False(e.IsExpired);
        Assert.Equal("POST", e.Method);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", e.RequestPath);
        Assert.Equal("AlreadyExists", e.Error.Reason);
        Assert.Single(server.LogEntries);
    }

    [Fact]
    public async Task A_500_with_an_HTML_body_throws_a_plain_ApiException_with_a_clear_message_and_the_body_text()
    {
        const string html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Text(500, html, "text/html; charset=utf-8"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsType<ApiException>(e);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Null(e.ErrorBody);
        Assert.Equal(html, e.ResponseBody);
        Assert.False(e.ResponseBodyTruncated);
        Assert.Equal("GET " + Item + " failed with 500 Internal Server Error (text/html body of " + html.Length + " bytes, see ResponseBody).", e.Message);
    }

    [Fact]
    public async Task A_500_with_a_Status_body_is_typed_because_every_declared_error_is_a_Status()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(500, KubeJson.Status(500, "InternalError", "etcdserver: request timed out")));
        using HttpClient http = server.CreateHttpClient();

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).DeleteNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("InternalError", e.Error.Reason);
        Assert.Contains("etcdserver: request timed out", e.Message);
    }

    [Fact]
    public async Task An_error_with_an_empty_body_says_so()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Empty(403));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsType<ApiException>(e);
        Assert.True(e.IsForbidden);
        Assert.Equal(string.Empty, e.ResponseBody);
        Assert.Equal("GET " + Item + " failed with 403 Forbidden (empty body).", e.Message);
    }

    [Fact]
    public async Task A_JSON_error_that_is_not_a_Status_object_is_a_plain_ApiException_with_the_body_kept()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(404, "[1,2,3]"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsType<ApiException>(e);
        Assert.True(e.IsNotFound);
        Assert.Equal("[1,2,3]", e.ResponseBody);
    }

    [Fact]
    public async Task A_huge_error_body_is_capped_and_marked_truncated()
    {
        string huge = new string('x', 3 * 1024 * 1024);
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Text(500, huge, "text/plain"));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(4096, e.ResponseBody.Length);
        Assert.True(e.ResponseBodyTruncated);
        Assert.Contains("cut, see ResponseBody", e.Message);
    }

    [Fact]
    public async Task MaxErrorBodyLength_sets_how_much_of_the_error_body_is_kept()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Text(502, "0123456789abcdef", "text/plain"));
        using HttpClient http = server.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.MaxErrorBodyLength = 10);

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("0123456789", e.ResponseBody);
        Assert.True(e.ResponseBodyTruncated);
    }

    [Fact]
    public async Task A_Status_body_larger_than_MaxErrorBodyBytes_is_not_parsed_but_kept_as_text()
    {
        string body = KubeJson.Status(404, "NotFound", new string('m', 200));
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(404, body));
        using HttpClient http = server.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.MaxErrorBodyBytes = 64);

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.IsType<ApiException>(e);
        Assert.Equal(body[..64], e.ResponseBody);
        Assert.True(e.ResponseBodyTruncated);
    }

    [Fact]
    public async Task The_error_message_names_the_path_exactly_even_with_consecutive_dots()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(404, KubeJson.Status(404, "NotFound", "not found")));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "a..b"));

        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/a..b", e.RequestPath);
        Assert.Equal("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/a..b failed with 404 Not Found: not found.", e.Message);
    }

    [Fact]
    public async Task A_server_message_ending_with_a_period_does_not_get_a_second_one()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(404, KubeJson.Status(404, "NotFound", "the slice is gone.")));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("GET " + Item + " failed with 404 Not Found: the slice is gone.", e.Message);
    }

    [Fact]
    public async Task An_error_body_cut_short_by_the_server_is_kept_as_far_as_it_came_and_marked_truncated()
    {
        const string partial = "{\"kind\":\"Status\",\"message\":\"half";
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.CutShort(partial, 1000, status: 500));
        using HttpClient http = server.CreateHttpClient();

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.IsType<ApiException>(e);
        Assert.Equal(partial, e.ResponseBody);
        Assert.True(e.ResponseBodyTruncated);
        Assert.Contains("cut, see ResponseBody", e.Message);
    }

    [Fact]
    public async Task An_error_body_that_stalls_is_bound_by_the_timeout()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Stall("{\"kind\":\"Status\"", sent, status: 500));
        using HttpClient http = server.CreateHttpClient();
        FakeTimeProvider clock = Fakes.Clock();

        Task call = TestClients.Kube(http, TestClients.Deadline(clock, TimeSpan.FromMilliseconds(300))).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await sent.Task.Within(10);
        clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within(5);
        Assert.StartsWith("GET " + Item + " did not complete within 0.3 s", e.Message);
    }
}

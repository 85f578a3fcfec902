using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Every failure is an ApiException that says what happened, with the server's Status typed when there is one.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task Not_found_with_a_status_body_is_a_typed_api_exception()
    {
        string status = KubeObjects.Status(404, "NotFound", "endpointslices.discovery.k8s.io \\\"web\\\" not found");
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(404, status));

        ApiException<Status> error = await Assert.ThrowsAsync<ApiException<Status>>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.True(error.IsNotFound);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("Not Found", error.ReasonPhrase);
        Assert.Equal("NotFound", error.Error.Reason);
        Assert.Equal(404, error.Error.Code);
        Assert.Equal("endpointslices.discovery.k8s.io \"web\" not found", error.Error.Message);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web", error.RequestPath);
        Assert.Equal(status, error.ResponseBody);
        Assert.Contains("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web failed with 404 Not Found: endpointslices.discovery.k8s.io \"web\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_with_a_status_body_is_typed()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(401, KubeObjects.Status(401, "Unauthorized", "Unauthorized")));

        ApiException<Status> error = await Assert.ThrowsAsync<ApiException<Status>>(() => Client(server).ListEndpointSlicesAllNamespacesAsync());

        Assert.True(error.IsUnauthorized);
        Assert.Equal("Unauthorized", error.Error.Reason);
    }

    [Fact]
    public async Task A_status_the_operation_does_not_declare_is_typed_with_its_error_schema()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(410, KubeObjects.Status(410, "Expired", "too old resource version: 1 (2)")));

        ApiException<Status> error = await Assert.ThrowsAsync<ApiException<Status>>(() => Client(server).ListNamespacedEndpointSlicesAsync("default", @continue: "old"));

        Assert.True(error.IsExpired);
        Assert.Equal("Expired", error.Error.Reason);
    }

    [Fact]
    public async Task Conflict_is_recognisable()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(409, KubeObjects.Status(409, "AlreadyExists", "already exists")));
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(KubeObjects.Slice)!;

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(server).CreateNamespacedEndpointSliceAsync("default", slice));

        Assert.True(error.IsConflict);
        Assert.Equal("AlreadyExists", ((Status)error.ErrorBody!).Reason);
    }

    [Fact]
    public async Task Server_error_with_an_html_body_is_a_plain_api_exception_with_the_body_text()
    {
        const string Html = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(500, Html, "text/html"));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Null(error.ErrorBody);
        Assert.Equal(Html, error.ResponseBody);
        Assert.Contains("failed with 500 Internal Server Error (text/html body of " + Html.Length + " bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_error_body_is_capped()
    {
        string body = new('x', 100_000);
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(500, body, "text/plain"));
        var client = new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, new ApiClientOptions { MaxErrorBodyLength = 1000 });

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.Equal(1000, error.ResponseBody.Length);
        Assert.True(error.ResponseBodyTruncated);
    }

    [Fact]
    public async Task An_empty_error_body_still_gives_a_clear_message()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(403));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.True(error.IsForbidden);
        Assert.Equal("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web failed with 403 Forbidden (empty body).", error.Message);
    }

    [Fact]
    public async Task A_truncated_status_body_is_an_untyped_api_exception()
    {
        string status = KubeObjects.Status(404, "NotFound", "gone");
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(404, status[..(status.Length / 2)]));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.True(error.IsNotFound);
        Assert.Null(error.ErrorBody);
        Assert.Equal(status[..(status.Length / 2)], error.ResponseBody);
    }

    [Fact]
    public async Task An_empty_success_body_where_a_slice_is_declared_is_an_api_exception()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web returned 200 OK with an empty body where the document declares EndpointSlice.", error.Message);
    }

    [Fact]
    public async Task Truncated_success_json_is_an_api_exception_naming_the_problem()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice[..120]));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Contains("not the declared EndpointSlice JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrongly_typed_success_json_names_the_json_path()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, """{"endpoints":[{"addresses":[],"conditions":{"ready":"yes"}}]}"""));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.Contains("$.endpoints[0].conditions.ready", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_dropped_inside_the_body_of_a_post_is_an_api_exception_not_a_retry()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 201;
            context.Response.ContentLength = 10_000;
            await context.Response.WriteAsync(KubeObjects.Slice[..100], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(200, context.RequestAborted);
            context.Abort();
        });
        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(KubeObjects.Slice)!;

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => Client(server).CreateNamespacedEndpointSliceAsync("default", slice));

        Assert.Single(server.Requests);
        Assert.Contains("connection that dropped while the body was read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bearer_token_never_appears_in_the_exception()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(401, KubeObjects.Status(401, "Unauthorized", "Unauthorized")));
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "secret-token-123");

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(() => new EndpointSlicesClient(http).ListNamespacedEndpointSlicesAsync("default", labelSelector: "a=b"));

        Assert.Equal("Bearer secret-token-123", server.SingleRequest.Header("Authorization"));
        Assert.DoesNotContain("secret-token-123", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-123", error.Response.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("labelSelector", error.Message, StringComparison.Ordinal);
    }

    private static EndpointSlicesClient Client(TestApiServer server) => new(new HttpClient { BaseAddress = server.BaseAddress });
}

using Microsoft.Extensions.Time.Testing;
using System.Net.Http.Headers;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>Exceptions are safe to log: no Authorization header value, no query string.</summary>
public sealed class CredentialLeakTests
{
    private const string Secret = "secret-token";

    private static HttpClient Authorized(LoopbackServer server)
    {
        HttpClient http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        return http;
    }

    private static void AssertNoSecret(Exception e)
    {
        Assert.DoesNotContain(Secret, e.Message);
        Assert.DoesNotContain(Secret, e.ToString());
        if (e is ApiException api)
        {
            Assert.DoesNotContain(Secret, api.Response.ToString());
        }
    }

    [Fact]
    public async Task A_401_exception_never_contains_the_bearer_token_that_was_sent()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(401, KubeJson.Status(401, "Unauthorized", "Unauthorized")));
        using HttpClient http = Authorized(server);

        ApiException e = await Assert.ThrowsAsync<ApiException<Kube.Status>>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal("Bearer " + Secret, server.Single.Header("Authorization"));
        AssertNoSecret(e);
    }

    [Fact]
    public async Task A_500_HTML_exception_never_contains_the_bearer_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Body(500, "<html>oops</html>", "text/html"));
        using HttpClient http = Authorized(server);

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).ListEndpointSlicesAllNamespacesAsync());

        AssertNoSecret(e);
    }

    [Fact]
    public async Task A_malformed_body_exception_never_contains_the_bearer_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, "{\"endpoints\": 5}"));
        using HttpClient http = Authorized(server);

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        AssertNoSecret(e);
    }

    [Fact]
    public async Task A_timeout_exception_never_contains_the_bearer_token()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = Authorized(server);
        FakeTimeProvider clock = Fakes.Clock();

        Task call = TestClients.Kube(http, TestClients.Deadline(clock, TimeSpan.FromMilliseconds(200))).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await server.WaitForRequestsAsync().Within(10);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within();

        AssertNoSecret(e);
    }

    [Fact]
    public async Task The_exception_names_the_path_but_never_the_query_string()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(403, KubeJson.Status(403, "Forbidden", "forbidden")));
        using HttpClient http = Authorized(server);

        ApiException e = await Assert.ThrowsAsync<ApiException<Kube.Status>>(() => TestClients.Kube(http).ListNamespacedEndpointSlicesAsync("default", labelSelector: "token=" + Secret));

        Assert.Equal("?labelSelector=token%3D" + Secret, server.Single.RawQuery);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", e.RequestPath);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task Retry_notifications_carry_the_path_but_never_the_token_or_query()
    {
        var retries = new List<ApiRetryAttempt>();
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.RetryAfter(503, 0), Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = Authorized(server);

        await TestClients.Kube(http, TestClients.Options(retries)).ListNamespacedEndpointSlicesAsync("default", labelSelector: "token=" + Secret);

        ApiRetryAttempt retry = Assert.Single(retries);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", retry.RequestPath);
        Assert.DoesNotContain(Secret, retry.ToString());
    }
}

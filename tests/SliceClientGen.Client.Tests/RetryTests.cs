using System.Net;
using WireMock.Server;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>
/// Retries of idempotent requests on 429, 503 and dropped connections, honouring Retry-After. Delays are
/// reported through <see cref="ApiRetryOptions.OnRetry"/> and not waited for (<see cref="InstantTimeProvider"/>).
/// </summary>
public sealed class RetryTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    private static (EndpointSlicesClient Client, List<ApiRetryAttempt> Retries) Client(HttpClient http, Action<ApiClientOptions>? configure = null)
    {
        var retries = new List<ApiRetryAttempt>();
        return (TestClients.Kube(http, TestClients.Options(retries, configure)), retries);
    }

    [Fact]
    public async Task GET_is_retried_after_503_waiting_the_Retry_After_the_server_asked_for()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 1), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        EndpointSlice slice = await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal(2, server.LogEntries.Count());
        Assert.All(server.LogEntries, r => Assert.Equal(Item, r.RequestMessage!.Path));
        Assert.Equal(new ApiRetryAttempt("GET", Item, 1, TimeSpan.FromSeconds(1), 503, null), Assert.Single(retries));
    }

    [Fact]
    public async Task GET_is_retried_after_429_with_a_Retry_After_of_zero_without_waiting()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(429, 0), Stubs.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await client.ListEndpointSlicesAllNamespacesAsync(labelSelector: "a=b").Within();

        Assert.Equal(2, server.LogEntries.Count());
        Assert.All(server.LogEntries, r => Assert.Equal("?labelSelector=a%3Db", r.RequestMessage!.RawQuery));
        ApiRetryAttempt retry = Assert.Single(retries);
        Assert.Equal(429, retry.StatusCode);
        Assert.Equal(TimeSpan.Zero, retry.Delay);
    }

    [Fact]
    public async Task A_retried_GET_sends_the_same_bytes_every_time()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.RetryAfter(503, 0), Responses.RetryAfter(503, 0), Responses.Json(200, KubeJson.List("1", null)));
        using HttpClient http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Add("X-Trace", "t-1");
        (EndpointSlicesClient client, _) = Client(http);

        await client.ListNamespacedEndpointSlicesAsync("a/b", limit: 3).Within();

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/a%2Fb/endpointslices", r.RawPath);
            Assert.Equal("?limit=3", r.RawQuery);
            Assert.Equal("t-1", r.Header("X-Trace"));
            Assert.Equal("application/json", r.Header("Accept"));
        });
    }

    [Fact]
    public async Task A_503_without_Retry_After_waits_the_jittered_initial_backoff()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Empty(503), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        ApiRetryAttempt retry = Assert.Single(retries);
        Assert.InRange(retry.Delay, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public async Task The_backoff_doubles_per_retry_up_to_MaxDelay()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Empty(503), Stubs.Empty(503), Stubs.Empty(503), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o =>
        {
            o.Retry.Jitter = 0;
            o.Retry.InitialDelay = TimeSpan.FromMilliseconds(100);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(300);
        });

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal(new[] { 100.0, 200.0, 300.0 }, retries.Select(r => r.Delay.TotalMilliseconds));
        Assert.Equal(new[] { 1, 2, 3 }, retries.Select(r => r.Retry));
    }

    [Fact]
    public async Task A_Retry_After_date_is_turned_into_a_delay()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            Responses.Body(503, string.Empty, null, headers: r => r.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R")),
            Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.InRange(Assert.Single(retries).Delay, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task GET_is_retried_when_the_connection_drops_before_the_response()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Abort(), Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        EndpointSlice slice = await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal(2, server.Requests.Count);
        ApiRetryAttempt retry = Assert.Single(retries);
        Assert.Null(retry.StatusCode);
        Assert.IsAssignableFrom<HttpRequestException>(retry.Exception);
    }

    [Fact]
    public async Task GET_is_retried_when_the_connection_drops_while_the_body_is_read()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.CutShort(KubeJson.Slice[..30], KubeJson.Slice.Length), Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        EndpointSlice slice = await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal("4242", slice.Metadata!.ResourceVersion);
        Assert.Equal(2, server.Requests.Count);
        Assert.NotNull(Assert.Single(retries).Exception);
    }

    [Fact]
    public async Task Retries_before_and_during_the_body_share_one_MaxRetries_budget()
    {
        string cut = KubeJson.Slice[..30];
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            Responses.RetryAfter(503, 0),
            Responses.CutShort(cut, KubeJson.Slice.Length),
            Responses.CutShort(cut, KubeJson.Slice.Length),
            Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o => o.Retry.MaxRetries = 2);

        ApiException e = await Assert.ThrowsAsync<ApiException>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Contains("a connection that dropped while the body was read", e.Message);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(new[] { 1, 2 }, retries.Select(r => r.Retry));
    }

    [Fact]
    public async Task POST_is_never_retried_on_503()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 0), Stubs.Json(201, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => client.CreateNamespacedEndpointSliceAsync("default", new EndpointSlice()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Single(server.LogEntries);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task POST_is_never_retried_when_the_connection_drops()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Abort(), Responses.Json(201, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CreateNamespacedEndpointSliceAsync("default", new EndpointSlice())).Within();

        Assert.Single(server.Requests);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task PATCH_is_never_retried_on_429()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(429, 0), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => client.PatchNamespacedEndpointSliceAsync("default", "web-abc", new System.Text.Json.Nodes.JsonObject()));

        Assert.True(e.IsTooManyRequests);
        Assert.Single(server.LogEntries);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task PUT_and_DELETE_are_never_retried_on_503()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 0));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await Assert.ThrowsAsync<ApiException<Status>>(() => client.ReplaceNamespacedEndpointSliceAsync("default", "web-abc", new EndpointSlice()));
        await Assert.ThrowsAsync<ApiException<Status>>(() => client.DeleteNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal(new[] { "PUT", "DELETE" }, server.LogEntries.Select(r => r.RequestMessage!.Method));
        Assert.Empty(retries);
    }

    [Fact]
    public async Task Retry_Enabled_false_sends_a_GET_once()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 0), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o => o.Retry.Enabled = false);

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Single(server.LogEntries);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task Retry_Enabled_false_does_not_retry_a_dropped_connection_either()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Abort(), Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, _) = Client(http, o => o.Retry.Enabled = false);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task MaxRetries_bounds_the_attempts_and_the_last_503_is_thrown_typed()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 0));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o => o.Retry.MaxRetries = 2);

        ApiException<Status> e = await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Equal(3, server.LogEntries.Count());
        Assert.Equal(new[] { 1, 2 }, retries.Select(r => r.Retry));
    }

    [Fact]
    public async Task The_default_MaxRetries_is_three()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(429, 0));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(4, server.LogEntries.Count());
        Assert.Equal(3, retries.Count);
    }

    [Fact]
    public async Task Dropped_connections_exhaust_MaxRetries_and_the_last_failure_is_thrown()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Abort());
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o => o.Retry.MaxRetries = 2);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, retries.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_not_waited_for_and_is_reported_on_the_exception()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 120), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        ApiException e = await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Single(server.LogEntries);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task A_500_is_not_retried_by_default()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(500, KubeJson.Status(500, "InternalError", "boom")), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http);

        await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Single(server.LogEntries);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task StatusCodes_chooses_which_statuses_are_retried()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.Json(502, KubeJson.Status(502, "BadGateway", "upstream")), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        (EndpointSlicesClient client, List<ApiRetryAttempt> retries) = Client(http, o => o.Retry.StatusCodes = new HashSet<int> { 502 });

        await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal(2, server.LogEntries.Count());
        Assert.Equal(502, Assert.Single(retries).StatusCode);
    }

    [Fact]
    public async Task Cancelling_during_a_Retry_After_wait_stops_at_once_without_another_request()
    {
        using WireMockServer server = Stubs.AnsweringInTurn(Stubs.RetryAfter(503, 30), Stubs.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ApiClientOptions();
        options.Retry.OnRetry = _ => waiting.TrySetResult();
        using var cancel = new CancellationTokenSource();

        Task call = TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token);
        await waiting.Task.Within();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within(2);
        Assert.Single(server.LogEntries);
    }
}

using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>Cancellation and <see cref="ApiClientOptions.Timeout"/>: prompt, and the connection is released, never leaked.</summary>
public sealed class CancellationAndTimeoutTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    [Fact]
    public async Task Cancelling_while_the_body_streams_throws_OperationCanceledException_and_closes_the_connection()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Stall(KubeJson.Slice[..40], sent));
        using HttpClient http = server.CreateHttpClient();
        using var cancel = new CancellationTokenSource();

        Task call = TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token);
        await sent.Task.Within();
        await Task.Delay(50);
        Assert.False(call.IsCompleted);
        cancel.Cancel();

        // The body never completes: only the cancellation can end the call (a hang fails at the guard).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within();
        await server.Single.Aborted.Within();
    }

    [Fact]
    public async Task After_a_cancelled_call_the_same_client_still_works()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Stall(KubeJson.Slice[..40], sent, declaredLength: KubeJson.Slice.Length), Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();
        Kube.EndpointSlicesClient client = TestClients.Kube(http);
        using var cancel = new CancellationTokenSource();

        Task first = client.GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token);
        await sent.Task.Within();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).Within(5);
        await server.Requests[0].Aborted.Within(5);

        Kube.EndpointSlice second = await client.GetNamespacedEndpointSliceAsync("default", "web-abc").Within();

        Assert.Equal("web-abc", second.Metadata!.Name);
        Assert.Equal(2, server.Requests.Count);
        Assert.NotEqual(server.Requests[0].ConnectionId, server.Requests[1].ConnectionId);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_headers_throws_OperationCanceledException_and_is_not_retried()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        using var cancel = new CancellationTokenSource();

        Task call = TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token);
        await WaitForRequestAsync(server).Within(10);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within(5);

        await server.Single.Aborted.Within(5);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        using HttpClient http = server.CreateHttpClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestClients.Kube(http).GetNamespacedEndpointSliceAsync("default", "web-abc", new CancellationToken(true)));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_server_that_never_answers_throws_TimeoutException_naming_the_method_and_path()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.Timeout = TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal("GET " + Item + " did not complete within 0.3 s (ApiClientOptions.Timeout).", e.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        await server.Single.Aborted.Within();
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_bound_by_the_timeout_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Stall(KubeJson.Slice[..40]));
        using HttpClient http = server.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.Timeout = TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within(5);

        Assert.StartsWith("GET " + Item + " did not complete within 0.3 s", e.Message);
        await server.Single.Aborted.Within(5);
    }

    [Fact]
    public async Task A_timeout_on_a_call_without_a_result_body_is_a_TimeoutException_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        var options = new ApiClientOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        var client = new Pets.PetStoreClient(http, options);

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => client.DeletePetsByPetIdAsync(7)).Within(5);

        Assert.StartsWith("DELETE /pets/7 did not complete within 0.3 s", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_reported_as_cancellation_not_as_a_timeout()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        ApiClientOptions options = TestClients.Options(configure: o => o.Timeout = TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Exception e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token)).Within(5);

        Assert.IsNotType<TimeoutException>(e);
    }

    [Fact]
    public async Task The_timeout_covers_retries_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(503));
        using HttpClient http = server.CreateHttpClient();

        // 2 s, not less: on a loaded 2-core CI machine the first attempt alone (connection, first request) has taken
        // over 300 ms, which left no room for a retry before the timeout.
        var options = new ApiClientOptions { Timeout = TimeSpan.FromSeconds(2) };
        options.Retry.MaxRetries = int.MaxValue;
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(10);

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc")).Within(10);

        Assert.StartsWith("GET " + Item + " did not complete within 2 s", e.Message);
        Assert.True(server.Requests.Count > 1, "Only " + server.Requests.Count + " attempt(s) before the timeout.");
    }

    /// <summary>Completes once the server has received a request: cancelling before that would test nothing on a loaded machine.</summary>
    private static async Task WaitForRequestAsync(LoopbackServer server)
    {
        while (server.Requests.Count == 0)
        {
            await Task.Delay(10);
        }
    }
}

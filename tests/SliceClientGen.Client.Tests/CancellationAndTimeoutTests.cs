using Microsoft.Extensions.Time.Testing;
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
        await server.WaitForRequestsAsync().Within(10);
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
        FakeTimeProvider clock = Fakes.Clock();

        Task call = TestClients.Kube(http, TestClients.Deadline(clock, TimeSpan.FromMilliseconds(300))).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await server.WaitForRequestsAsync().Within(10);
        clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within();
        Assert.Equal("GET " + Item + " did not complete within 0.3 s (ApiClientOptions.Timeout).", e.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        await server.Single.Aborted.Within();
    }

    [Fact]
    public async Task The_timeout_runs_on_the_options_TimeProvider()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        FakeTimeProvider clock = Fakes.Clock();

        Task call = TestClients.Kube(http, TestClients.Deadline(clock, TimeSpan.FromHours(1))).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await server.WaitForRequestsAsync().Within(10);
        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(100);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        // An hour on the fake clock, milliseconds of real time: only the options' clock can have expired it.
        await Assert.ThrowsAsync<TimeoutException>(() => call).Within(5);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_bound_by_the_timeout_too()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Stall(KubeJson.Slice[..40], sent));
        using HttpClient http = server.CreateHttpClient();
        FakeTimeProvider clock = Fakes.Clock();

        Task call = TestClients.Kube(http, TestClients.Deadline(clock, TimeSpan.FromMilliseconds(300))).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await sent.Task.Within(10);
        clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within(5);
        Assert.StartsWith("GET " + Item + " did not complete within 0.3 s", e.Message);
        await server.Single.Aborted.Within(5);
    }

    [Fact]
    public async Task A_timeout_on_a_call_without_a_result_body_is_a_TimeoutException_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        FakeTimeProvider clock = Fakes.Clock();
        var client = new Pets.PetStoreClient(http, TestClients.Deadline(clock, TimeSpan.FromMilliseconds(300)));

        Task call = client.DeletePetsByPetIdAsync(7);
        await server.WaitForRequestsAsync().Within(10);
        clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within(5);
        Assert.StartsWith("DELETE /pets/7 did not complete within 0.3 s", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_reported_as_cancellation_not_as_a_timeout()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        using HttpClient http = server.CreateHttpClient();
        using var cancel = new CancellationTokenSource();

        Task call = TestClients.Kube(http, TestClients.Deadline(Fakes.Clock(), TimeSpan.FromSeconds(30))).GetNamespacedEndpointSliceAsync("default", "web-abc", cancel.Token);
        await server.WaitForRequestsAsync().Within(10);
        cancel.Cancel();

        Exception e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within(5);
        Assert.IsNotType<TimeoutException>(e);
    }

    [Fact]
    public async Task The_timeout_covers_retries_too()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Status(503));
        using HttpClient http = server.CreateHttpClient();
        FakeTimeProvider clock = Fakes.Clock();
        ApiClientOptions options = TestClients.Deadline(clock, TimeSpan.FromSeconds(2));
        options.Retry.MaxRetries = int.MaxValue;
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(10);

        Task call = TestClients.Kube(http, options).GetNamespacedEndpointSliceAsync("default", "web-abc");
        await RetryUntilAsync(server, clock, requests: 3).Within(10);
        clock.Advance(TimeSpan.FromSeconds(2));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => call).Within(5);
        Assert.StartsWith("GET " + Item + " did not complete within 2 s", e.Message);
    }

    /// <summary>
    /// Moves <paramref name="clock"/> through the 10 ms retry delays until the server has seen <paramref name="requests"/>
    /// attempts, by at most 1 s in all (the 2 s timeout must not expire on the way).
    /// </summary>
    private static async Task RetryUntilAsync(LoopbackServer server, FakeTimeProvider clock, int requests)
    {
        for (int step = 0; server.Requests.Count < requests; step++)
        {
            Assert.True(step < 100, "Only " + server.Requests.Count + " attempt(s) after 1 s of retry delays.");
            clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(10);
        }
    }
}

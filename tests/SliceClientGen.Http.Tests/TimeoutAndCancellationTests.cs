using Microsoft.AspNetCore.Http;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Calls end when the caller or the timeout says so, and release their connection.</summary>
public sealed class TimeoutAndCancellationTests
{
    [Fact]
    public async Task A_server_that_never_answers_times_out_with_the_method_and_path()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var client = new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, new ApiClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetNamespacedEndpointSliceAsync("default", "web"));

        Assert.Contains("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web did not complete within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_mid_response_throws_promptly_and_closes_the_connection()
    {
        var bodyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        await using TestApiServer server = await TestApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref calls) > 1)
            {
                await context.Response.WriteAsync(KubeObjects.Slice);
                return;
            }

            await context.Response.WriteAsync(KubeObjects.Slice[..50]);
            await context.Response.Body.FlushAsync();
            bodyStarted.SetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var client = new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress });
        using var cancellation = new CancellationTokenSource();

        Task<EndpointSlice> call = client.GetNamespacedEndpointSliceAsync("default", "web", cancellation.Token);
        await bodyStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        await server.Requests[0].Aborted.WaitAsync(TimeSpan.FromSeconds(5));
        EndpointSlice next = await client.GetNamespacedEndpointSliceAsync("default", "web");
        Assert.Equal("web-abc", next.Metadata?.Name);
    }

    [Fact]
    public async Task A_cancelled_token_sends_nothing()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }).GetNamespacedEndpointSliceAsync("default", "web", new CancellationToken(canceled: true)));

        Assert.Empty(server.Requests);
    }
}

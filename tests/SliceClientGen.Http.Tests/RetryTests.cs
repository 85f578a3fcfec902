using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>Idempotent requests are retried on throttling, unavailability and dropped connections; writes never are.</summary>
public sealed class RetryTests
{
    private readonly List<ApiRetryAttempt> _retries = new();

    [Fact]
    public async Task A_get_answered_503_is_retried_and_succeeds()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 503));

        EndpointSlice slice = await Client(server).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("web-abc", slice.Metadata?.Name);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(503, Assert.Single(_retries).StatusCode);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_retry_after()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 429, retryAfter: "1"));

        await Client(server).ListNamespacedEndpointSlicesAsync("default");

        ApiRetryAttempt retry = Assert.Single(_retries);
        Assert.Equal(429, retry.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", retry.RequestPath);
    }

    [Fact]
    public async Task Without_retry_after_the_backoff_grows_and_stays_capped()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(3, 503));
        var options = Options();
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(25);

        await new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, options).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal(3, _retries.Count);
        Assert.InRange(_retries[0].Delay.TotalMilliseconds, 8, 12);
        Assert.InRange(_retries[1].Delay.TotalMilliseconds, 16, 24);
        Assert.InRange(_retries[2].Delay.TotalMilliseconds, 20, 25);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_response_is_retried_for_a_get()
    {
        int calls = 0;
        await using TestApiServer server = await TestApiServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Abort();
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(KubeObjects.Slice);
        });

        EndpointSlice slice = await Client(server).GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("web-abc", slice.Metadata?.Name);
        ApiRetryAttempt retry = Assert.Single(_retries);
        Assert.Null(retry.StatusCode);
        Assert.NotNull(retry.Exception);
    }

    [Fact]
    public async Task A_post_answered_503_is_not_retried()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 503));

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(server).CreateNamespacedEndpointSliceAsync("default", Slice()));

        Assert.Equal(503, (int)error.StatusCode);
        Assert.Single(server.Requests);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task A_patch_answered_429_is_not_retried()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 429, retryAfter: "0"));

        await Assert.ThrowsAnyAsync<ApiException>(() => Client(server).PatchNamespacedEndpointSliceAsync("default", "web-abc", new JsonObject()));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Retries_switched_off_send_one_request()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 503));
        ApiClientOptions options = Options();
        options.Retry.Enabled = false;

        await Assert.ThrowsAnyAsync<ApiException>(() => new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, options).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Max_retries_bounds_the_attempts()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(100, 503));
        ApiClientOptions options = Options();
        options.Retry.MaxRetries = 2;

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(() => new EndpointSlicesClient(new HttpClient { BaseAddress = server.BaseAddress }, options).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.Equal(503, (int)error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_is_reported_instead_of_waited_for()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(FailFirst(1, 429, retryAfter: "120"));

        ApiException error = await Assert.ThrowsAnyAsync<ApiException>(() => Client(server).GetNamespacedEndpointSliceAsync("default", "web-abc"));

        Assert.True(error.IsTooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(server.Requests);
    }

    private ApiClientOptions Options()
    {
        var options = new ApiClientOptions { Timeout = TimeSpan.FromSeconds(10) };
        options.Retry.InitialDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.Jitter = 0;
        options.Retry.OnRetry = retry => { lock (_retries) { _retries.Add(retry); } };
        return options;
    }

    private EndpointSlicesClient Client(TestApiServer server) => new(new HttpClient { BaseAddress = server.BaseAddress }, Options());

    private static EndpointSlice Slice() => JsonSerializer.Deserialize<EndpointSlice>(KubeObjects.Slice)!;

    /// <summary>Answers the first <paramref name="failures"/> requests with <paramref name="status"/>, then with a slice.</summary>
    private static Func<HttpContext, Task> FailFirst(int failures, int status, string? retryAfter = null)
    {
        int calls = 0;
        return async context =>
        {
            if (Interlocked.Increment(ref calls) <= failures)
            {
                context.Response.StatusCode = status;
                if (retryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                await context.Response.WriteAsync(KubeObjects.Status(status, "ServiceUnavailable", "try again"));
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path.Value!.EndsWith("endpointslices", StringComparison.Ordinal) ? KubeObjects.List : KubeObjects.Slice);
        };
    }
}

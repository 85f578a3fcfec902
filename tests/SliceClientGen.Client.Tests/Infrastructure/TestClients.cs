using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>Options and clients as the tests use them.</summary>
public static class TestClients
{
    /// <summary>Options whose retry delays are reported but not waited for; retries collected in <paramref name="retries"/>.</summary>
    public static ApiClientOptions Options(List<ApiRetryAttempt>? retries = null, Action<ApiClientOptions>? configure = null)
    {
        var options = new ApiClientOptions
        {
            TimeProvider = InstantTimeProvider.Instance,
            Timeout = TimeSpan.FromSeconds(20),
        };
        if (retries is not null)
        {
            options.Retry.OnRetry = attempt =>
            {
                lock (retries)
                {
                    retries.Add(attempt);
                }
            };
        }

        configure?.Invoke(options);
        return options;
    }

    /// <summary>An EndpointSlice client over <paramref name="http"/> with <see cref="Options"/>.</summary>
    public static EndpointSlicesClient Kube(HttpClient http, ApiClientOptions? options = null) => new(http, options ?? Options());

    /// <summary>Fails when <paramref name="task"/> does not complete within <paramref name="seconds"/>; a hang is a failure, never a stuck run.</summary>
    public static async Task<T> Within<T>(this Task<T> task, double seconds = 10)
    {
        Task done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(done == task, "The call did not complete within " + seconds + " s.");
        return await task;
    }

    /// <inheritdoc cref="Within{T}(Task{T}, double)"/>
    public static async Task Within(this Task task, double seconds = 10)
    {
        Task done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(done == task, "The call did not complete within " + seconds + " s.");
        await task;
    }
}

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
}

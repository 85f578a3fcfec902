using SliceClientGen.Client.Tests.Kube;
using Microsoft.Extensions.Time.Testing;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests.Infrastructure;

/// <summary>Options and clients as the tests use them.</summary>
public static class TestClients
{
    /// <summary>
    /// Options whose retry delays are reported but not waited for; retries collected in <paramref name="retries"/>.
    /// No <see cref="ApiClientOptions.Timeout"/>: on a clock where waiting takes no time it would expire at once
    /// (tests bound hangs with <c>Within</c>; <see cref="Deadline"/> is for the tests of the timeout).
    /// </summary>
    public static ApiClientOptions Options(List<ApiRetryAttempt>? retries = null, Action<ApiClientOptions>? configure = null)
    {
        var options = new ApiClientOptions
        {
            TimeProvider = InstantTimeProvider.Instance,
            Timeout = Timeout.InfiniteTimeSpan,
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

    /// <summary>Options whose <see cref="ApiClientOptions.Timeout"/> (and retry delays) run on <paramref name="clock"/>: the test decides when the timeout expires.</summary>
    public static ApiClientOptions Deadline(FakeTimeProvider clock, TimeSpan timeout) => new() { TimeProvider = clock, Timeout = timeout };

    /// <summary>An EndpointSlice client over <paramref name="http"/> with <see cref="Options"/>.</summary>
    public static EndpointSlicesClient Kube(HttpClient http, ApiClientOptions? options = null) => new(http, options ?? Options());
}

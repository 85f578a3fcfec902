using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>Generated clients, fake environments and time limits as the tests use them.</summary>
public static class Clients
{
    /// <summary>
    /// The generated EndpointSlice client over <paramref name="http"/>. Retries are off unless asked for, so a
    /// refused TLS handshake fails at once instead of after backoff; every call has a 15 s limit.
    /// </summary>
    public static EndpointSlicesClient Kube(HttpClient http, bool retries = false) =>
        new(http, new ApiClientOptions { Timeout = TimeSpan.FromSeconds(15), Retry = { Enabled = retries } });

    /// <summary>The generated client over <see cref="ClusterConfiguration.CreateHttpClient"/>.</summary>
    public static EndpointSlicesClient Kube(ClusterConfiguration configuration, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        Kube(configuration.CreateHttpClient(logger));

    /// <summary>One list call in the configuration's namespace.</summary>
    public static Task<EndpointSliceList> ListAsync(this EndpointSlicesClient client, string @namespace = "default") =>
        client.ListNamespacedEndpointSlicesAsync(@namespace);

    /// <summary>
    /// A machine with only <paramref name="variables"/> set, the given home and service-account directories (none by
    /// default) and clock: no test reads the real environment.
    /// </summary>
    internal static ClusterEnvironment Environment(TimeProvider? clock = null, string? serviceAccountDirectory = null, string? home = null, params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new ClusterEnvironment
        {
            GetVariable = name => map.TryGetValue(name, out string? value) ? value : null,
            ServiceAccountDirectory = serviceAccountDirectory ?? "/nonexistent/serviceaccount",
            HomeDirectory = home ?? "/nonexistent/home",
            TimeProvider = clock ?? TimeProvider.System,
        };
    }
}

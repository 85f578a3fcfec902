using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Config;

/// <summary>Connects a client registered with IHttpClientFactory (a generated <c>Add…Client</c> returns its builder) to a cluster.</summary>
public static class ClusterConfigurationHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends the client's requests to <paramref name="configuration"/>'s server (BaseAddress), over its TLS
    /// settings (the primary handler), with its bearer credentials (a handler added after those already added):
    /// <c>services.AddEndpointSlicesClient().UseClusterConfiguration(ClusterConfiguration.Default())</c>.
    /// Handlers the factory rotates share the configuration's token cache and TLS material; when the material changes,
    /// new requests go through new connections with it while running watches finish on the old ones; warnings go to the
    /// <see cref="ILoggerFactory"/> registered, if any.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configuration">The cluster.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder UseClusterConfiguration(this IHttpClientBuilder builder, ClusterConfiguration configuration)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        builder.ConfigureHttpClient(client => client.BaseAddress = configuration.Server);
        builder.ConfigurePrimaryHttpMessageHandler(services =>
            configuration.CreateConnectionHandler(services.GetService<ILoggerFactory>()?.CreateLogger(typeof(ClusterConfiguration).FullName!)));
        builder.AddHttpMessageHandler(configuration.CreateTlsFailureHandler);
        if (configuration.PreferHttp2)
        {
            builder.AddHttpMessageHandler(ClusterConfiguration.CreateVersionHandler);
        }
        if (configuration.Token is not null)
        {
            builder.AddHttpMessageHandler(() => configuration.CreateAuthenticationHandler()!);
        }

        return builder;
    }
}

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SliceClientGen.Runtime.Config;

/// <summary>Connects a generated client registered with IHttpClientFactory to a cluster.</summary>
public static class ClusterConfigurationHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends the client's requests to <paramref name="configuration"/>'s server, over its TLS settings, with its
    /// bearer credentials: <c>services.AddEndpointSlicesClient().UseClusterConfiguration(ClusterConfiguration.Default())</c>.
    /// </summary>
    /// <param name="builder">The client's builder (returned by the generated <c>Add…Client</c>).</param>
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
            configuration.CreatePrimaryHandler(services.GetService<ILoggerFactory>()?.CreateLogger("SliceClientGen.Runtime.Config.ClusterConfiguration")));
        if (configuration.Token is not null)
        {
            builder.AddHttpMessageHandler(() => configuration.CreateAuthenticationHandler()!);
        }

        return builder;
    }
}

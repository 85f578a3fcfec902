using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.DependencyInjection;

/// <summary>
/// Registers generated clients as typed clients of <see cref="IHttpClientFactory"/>. Generated
/// <c>Add{ClassName}</c> extensions call these; the returned <see cref="IHttpClientBuilder"/> takes handlers,
/// resilience pipelines and cluster configuration the usual way.
/// </summary>
public static class ApiClientServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="TClient"/> with named <see cref="ApiClientOptions"/> (the name is the client's full type name).</summary>
    /// <typeparam name="TClient">The generated client.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">Creates the client from the factory's HttpClient and the options (generated: the constructor).</param>
    /// <param name="configure">Configures the options; may be null.</param>
    /// <returns>The builder of the client's named HttpClient.</returns>
    public static IHttpClientBuilder AddApiClient<TClient>(this IServiceCollection services, Func<HttpClient, ApiClientOptions, TClient> create, Action<ApiClientOptions>? configure)
        where TClient : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (create is null)
        {
            throw new ArgumentNullException(nameof(create));
        }

        // The full name: two generated clients may share a class name (KubernetesClient) in different namespaces,
        // and must not share options, HttpClient configuration or handlers.
        string name = typeof(TClient).FullName ?? typeof(TClient).Name;
        OptionsBuilder<ApiClientOptions> options = services.AddOptions<ApiClientOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        IHttpClientBuilder builder = services
            .AddHttpClient(name)
            // One timeout, covering the body too: ApiClientOptions.Timeout (watches have none).
            .ConfigureHttpClient(httpClient => httpClient.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddTypedClient<TClient>((httpClient, provider) => create(httpClient, provider.GetRequiredService<IOptionsMonitor<ApiClientOptions>>().Get(name)));
        return builder;
    }

    /// <summary>Registers <typeparamref name="TClient"/> with options bound from <paramref name="configuration"/> (see <see cref="ApiClientOptionsBinder"/>).</summary>
    /// <typeparam name="TClient">The generated client.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="create">Creates the client from the factory's HttpClient and the options.</param>
    /// <param name="configuration">The section holding BaseAddress, Timeout, Retry:MaxRetries, ….</param>
    /// <returns>The builder of the client's named HttpClient.</returns>
    public static IHttpClientBuilder AddApiClient<TClient>(this IServiceCollection services, Func<HttpClient, ApiClientOptions, TClient> create, IConfiguration configuration)
        where TClient : class
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        return services.AddApiClient(create, options => ApiClientOptionsBinder.Bind(configuration, options));
    }
}

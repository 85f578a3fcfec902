using System.Linq;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>Emits <c>services.Add{ClassName}(…)</c>: the client as a typed client of IHttpClientFactory.</summary>
internal static class ServiceCollectionEmitter
{
    public static string Emit(DocumentTarget target, EquatableArray<string> typeNames)
    {
        string client = target.ClassName;

        // The client's own names count as taken: a document titled "Http" makes a client named HttpClient.
        var fx = new FrameworkNames(typeNames.Concat(new[] { client, GeneratedNames.ServiceCollectionExtensions(client) }));
        string add = GeneratedNames.AddClientMethod(client);
        string builder = fx["IHttpClientBuilder"];
        string services = fx["IServiceCollection"];
        string create = $"static ({fx["HttpClient"]} httpClient, {fx["ApiClientOptions"]} options) => new {client}(httpClient, options)";
        string register = fx["ApiClientServiceCollectionExtensions"] + ".AddApiClient";

        var body = new SourceWriter();
        body.Template($$"""
            /// <summary>Registers <see cref="{{client}}"/> with dependency injection, through IHttpClientFactory.</summary>
            {{EmitterContext.GeneratedCodeAttribute}}
            public static class {{GeneratedNames.ServiceCollectionExtensions(client)}}
            {
                /// <summary>
                /// Registers <see cref="{{client}}"/> as a typed client of IHttpClientFactory. The returned builder takes
                /// handlers, resilience pipelines and cluster configuration the usual way.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets base address, timeout and retries; null for the defaults.</param>
                /// <returns>The builder of the client's HttpClient.</returns>
                public static {{builder}} {{add}}(this {{services}} services, {{fx["Action"]}}<{{fx["ApiClientOptions"]}}>? configure = null) =>
                    {{register}}(services, {{create}}, configure);

                /// <summary>Registers <see cref="{{client}}"/> with options bound from configuration (BaseAddress, Timeout, Retry:MaxRetries, …).</summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configuration">The configuration section of the client.</param>
                /// <returns>The builder of the client's HttpClient.</returns>
                public static {{builder}} {{add}}(this {{services}} services, {{fx["IConfiguration"]}} configuration) =>
                    {{register}}(services, {{create}}, configuration);
            }
            """);

        var file = new SourceWriter();
        EmitterContext.WriteHeader(file, target, "/paths", fx.UsedNamespaces("System.CodeDom.Compiler"));
        return file.ToString() + body.ToString();
    }
}

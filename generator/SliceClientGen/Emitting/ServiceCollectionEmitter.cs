using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>Emits <c>services.Add{ClassName}(…)</c>: the client as a typed client of IHttpClientFactory.</summary>
internal static class ServiceCollectionEmitter
{
    public static string Emit(DocumentTarget target, SliceClientGen.Helpers.EquatableArray<string> typeNames)
    {
        var fx = new FrameworkNames(typeNames);
        string client = target.ClassName;
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, "/paths",
            "System", "System.CodeDom.Compiler", "System.Net.Http", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
            "SliceClientGen.Runtime.DependencyInjection", "SliceClientGen.Runtime.Http");
        w.DocRaw("<summary>Registers <see cref=\"" + client + "\"/> with dependency injection, through IHttpClientFactory.</summary>");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Open("public static class " + client + "ServiceCollectionExtensions");
        w.DocRaw("<summary>");
        w.DocRaw("Registers <see cref=\"" + client + "\"/> as a typed client of IHttpClientFactory. The returned builder takes");
        w.DocRaw("handlers, resilience pipelines and cluster configuration the usual way.");
        w.DocRaw("</summary>");
        w.DocRaw("<param name=\"services\">The service collection.</param>");
        w.DocRaw("<param name=\"configure\">Sets base address, timeout and retries; null for the defaults.</param>");
        w.DocRaw("<returns>The builder of the client's HttpClient.</returns>");
        w.Line("public static " + fx["IHttpClientBuilder"] + " Add" + client + "(this " + fx["IServiceCollection"] + " services, " + fx["Action"] + "<" + fx["ApiClientOptions"] + ">? configure = null) =>");
        w.Line("    " + fx["ApiClientServiceCollectionExtensions"] + ".AddApiClient(services, static (" + fx["HttpClient"] + " httpClient, " + fx["ApiClientOptions"] + " options) => new " + client + "(httpClient, options), configure);");
        w.Line();
        w.DocRaw("<summary>Registers <see cref=\"" + client + "\"/> with options bound from configuration (BaseAddress, Timeout, Retry:MaxRetries, …).</summary>");
        w.DocRaw("<param name=\"services\">The service collection.</param>");
        w.DocRaw("<param name=\"configuration\">The configuration section of the client.</param>");
        w.DocRaw("<returns>The builder of the client's HttpClient.</returns>");
        w.Line("public static " + fx["IHttpClientBuilder"] + " Add" + client + "(this " + fx["IServiceCollection"] + " services, " + fx["IConfiguration"] + " configuration) =>");
        w.Line("    " + fx["ApiClientServiceCollectionExtensions"] + ".AddApiClient(services, static (" + fx["HttpClient"] + " httpClient, " + fx["ApiClientOptions"] + " options) => new " + client + "(httpClient, options), configuration);");
        w.Close();
        return w.ToString();
    }
}

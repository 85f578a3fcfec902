using System.Collections.Generic;

namespace SliceClientGen.Emitting;

/// <summary>
/// Framework and runtime type names used by the client file. They are written short (the file has usings)
/// unless a generated type or member of the same name would capture them; then fully qualified.
/// </summary>
internal sealed class FrameworkNames
{
    private static readonly Dictionary<string, string> Namespaces = new(System.StringComparer.Ordinal)
    {
        ["Action"] = "System",
        ["ArgumentNullException"] = "System",
        ["IAsyncEnumerable"] = "System.Collections.Generic",
        ["IEnumerable"] = "System.Collections.Generic",
        ["IList"] = "System.Collections.Generic",
        ["IDictionary"] = "System.Collections.Generic",
        ["CultureInfo"] = "System.Globalization",
        ["DateTimeOffset"] = "System",
        ["HttpClient"] = "System.Net.Http",
        ["HttpContent"] = "System.Net.Http",
        ["HttpMethod"] = "System.Net.Http",
        ["JsonElement"] = "System.Text.Json",
        ["JsonNode"] = "System.Text.Json.Nodes",
        ["CancellationToken"] = "System.Threading",
        ["Task"] = "System.Threading.Tasks",
        ["ApiClientOptions"] = "SliceClientGen.Runtime.Http",
        ["ApiErrorBodies"] = "SliceClientGen.Runtime.Http",
        ["ApiException"] = "SliceClientGen.Runtime.Http",
        ["ApiPipeline"] = "SliceClientGen.Runtime.Http",
        ["ApiRequest"] = "SliceClientGen.Runtime.Http",
        ["JsonModelWriter"] = "SliceClientGen.Runtime.Serialization",
        ["JsonModelReader"] = "SliceClientGen.Runtime.Serialization",
        ["IServiceCollection"] = "Microsoft.Extensions.DependencyInjection",
        ["IHttpClientBuilder"] = "Microsoft.Extensions.DependencyInjection",
        ["IConfiguration"] = "Microsoft.Extensions.Configuration",
        ["ApiClientServiceCollectionExtensions"] = "SliceClientGen.Runtime.DependencyInjection",
        ["WatchEvent"] = "SliceClientGen.Runtime.Watch",
        ["WatchOptions"] = "SliceClientGen.Runtime.Watch",
        ["WatchStream"] = "SliceClientGen.Runtime.Watch",
        ["WatchConnection"] = "SliceClientGen.Runtime.Watch",
        ["ListPage"] = "SliceClientGen.Runtime.Paging",
        ["Pager"] = "SliceClientGen.Runtime.Paging",
        ["PagingOptions"] = "SliceClientGen.Runtime.Paging",
        ["EnumeratorCancellation"] = "System.Runtime.CompilerServices",
    };

    private readonly HashSet<string> _taken;

    public FrameworkNames(IEnumerable<string> generatedNames) => _taken = new HashSet<string>(generatedNames, System.StringComparer.Ordinal);

    /// <summary>The name to write for framework or runtime type <paramref name="name"/>.</summary>
    public string this[string name] => _taken.Contains(name) ? "global::" + Namespaces[name] + "." + name : name;
}

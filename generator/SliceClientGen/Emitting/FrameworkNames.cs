using System.Collections.Generic;
using System.Linq;

namespace SliceClientGen.Emitting;

/// <summary>
/// Framework and runtime type names used by the client files. They are written short (the file has usings)
/// unless a generated type or member of the same name would capture them; then fully qualified. The
/// namespaces of the short names written are the file's usings, so it has none it does not use.
/// </summary>
internal sealed class FrameworkNames
{
    private static readonly Dictionary<string, string> Namespaces = new(System.StringComparer.Ordinal)
    {
        ["Action"] = "System",
        ["ArgumentNullException"] = "System",
        ["ArgumentException"] = "System",
        ["Obsolete"] = "System",
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
        ["Utf8JsonReader"] = "System.Text.Json",
        ["JsonSerializerOptions"] = "System.Text.Json",
        ["Enumerable"] = "System.Linq",
        ["CancellationToken"] = "System.Threading",
        ["Task"] = "System.Threading.Tasks",
        ["ApiClientOptions"] = "SliceClientGen.Runtime.Http",
        ["ApiErrorBodies"] = "SliceClientGen.Runtime.Http",
        ["ApiException"] = "SliceClientGen.Runtime.Http",
        ["ApiPipeline"] = "SliceClientGen.Runtime.Http",
        ["ApiRequest"] = "SliceClientGen.Runtime.Http",
        ["JsonPatch"] = "SliceClientGen.Runtime.Http",
        ["PatchType"] = "SliceClientGen.Runtime.Http",
        ["PatchFormats"] = "SliceClientGen.Runtime.Http",
        ["JsonModelWriter"] = "SliceClientGen.Runtime.Serialization",
        ["JsonModelReader"] = "SliceClientGen.Runtime.Serialization",
        [GeneratedNames.OpenEnumConverter] = "SliceClientGen.Runtime.Serialization",
        ["IServiceCollection"] = "Microsoft.Extensions.DependencyInjection",
        ["IHttpClientBuilder"] = "Microsoft.Extensions.DependencyInjection",
        ["IConfiguration"] = "Microsoft.Extensions.Configuration",
        ["ApiClientServiceCollectionExtensions"] = "SliceClientGen.Runtime.DependencyInjection",
        ["WatchEvent"] = "SliceClientGen.Runtime.Watch",
        ["WatchOptions"] = "SliceClientGen.Runtime.Watch",
        ["WatchStream"] = "SliceClientGen.Runtime.Watch",
        ["WatchConnection"] = "SliceClientGen.Runtime.Watch",
        ["WatchException"] = "SliceClientGen.Runtime.Watch",
        ["WatchExpiredException"] = "SliceClientGen.Runtime.Watch",
        ["ListPage"] = "SliceClientGen.Runtime.Informers",
        ["ListWatch"] = "SliceClientGen.Runtime.Informers",
        ["Informer"] = "SliceClientGen.Runtime.Informers",
        ["InformerOptions"] = "SliceClientGen.Runtime.Informers",
        ["Pager"] = "SliceClientGen.Runtime.Paging",
        ["PagingOptions"] = "SliceClientGen.Runtime.Paging",
        ["EnumeratorCancellation"] = "System.Runtime.CompilerServices",
        ["Stream"] = "System.IO",
        ["StreamingResponse"] = "SliceClientGen.Runtime.Streaming",
        ["StreamingFormat"] = "SliceClientGen.Runtime.Streaming",
        ["StreamingOptions"] = "SliceClientGen.Runtime.Streaming",
        ["ServerSentEvent"] = "SliceClientGen.Runtime.Streaming",
        ["MultipartFormBody"] = "SliceClientGen.Runtime.Forms",
    };

    private readonly HashSet<string> _taken;
    private readonly SortedSet<string> _used = new(System.StringComparer.Ordinal);

    public FrameworkNames(IEnumerable<string> generatedNames) => _taken = new HashSet<string>(generatedNames, System.StringComparer.Ordinal);

    /// <summary>The name to write for framework or runtime type <paramref name="name"/> (its namespace becomes a using).</summary>
    public string this[string name]
    {
        get
        {
            if (_taken.Contains(name))
            {
                return "global::" + Namespaces[name] + "." + name;
            }

            _used.Add(Namespaces[name]);
            return name;
        }
    }

    /// <summary>Whether <paramref name="name"/> is a framework or runtime type this class knows.</summary>
    public bool IsFramework(string name) => Namespaces.ContainsKey(name);

    /// <summary>The namespaces of the short names written so far, and <paramref name="always"/>: System first, then ordinal.</summary>
    public string[] UsedNamespaces(params string[] always) => _used.Concat(always).Distinct()
        .OrderBy(ns => ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) ? 0 : 1)
        .ThenBy(ns => ns, System.StringComparer.Ordinal)
        .ToArray();
}

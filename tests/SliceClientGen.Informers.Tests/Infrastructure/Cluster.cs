using System.Text.Json.Nodes;
using SliceClientGen.EndpointSlices;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Informers;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Testing;

namespace SliceClientGen.Informers.Tests.Infrastructure;

/// <summary>
/// An embedded API server serving the real discovery.k8s.io/v1 document, the generated client in front of it (through
/// <see cref="WireFaults"/>), and writes that record the server's objects at every resourceVersion they create, so a
/// test can recompute what any resourceVersion should look like.
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string Namespace = "shop";

    private readonly object _lock = new();
    private readonly SortedList<long, JsonObject[]> _history = new();
    private readonly HttpClient _http;

    private Cluster(KubeApiServer server)
    {
        Server = server;
        Slices = server.Resources.Single(r => r.Plural == "endpointslices");
        Wire = new WireFaults(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero });
        _http = new HttpClient(Wire) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        Client = new DiscoveryV1Client(_http, new ApiClientOptions { BaseAddress = server.BaseAddress });
        Record();
    }

    public KubeApiServer Server { get; }

    public ApiResource Slices { get; }

    public WireFaults Wire { get; }

    public DiscoveryV1Client Client { get; }

    public long ResourceVersion => Server.Objects.ResourceVersion;

    public static async Task<Cluster> StartAsync(Action<KubeApiServerOptions>? configure = null)
    {
        var options = new KubeApiServerOptions
        {
            OpenApiDocumentPath = Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-discovery-v1-openapi.json"),
            ServeNamespaces = false,
        };
        configure?.Invoke(options);
        return new Cluster(await KubeApiServer.StartAsync(options));
    }

    /// <summary>Informer settings for tests: short backoffs, so recoveries take milliseconds.</summary>
    public static InformerOptions<EndpointSlice> FastOptions(int pageSize = 500) => new()
    {
        PageSize = pageSize,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        Watch = new WatchOptions { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    public Informer<EndpointSlice> CreateInformer(InformerOptions<EndpointSlice>? options = null, string? @namespace = null) =>
        Client.CreateEndpointSliceInformer(@namespace, options: options ?? FastOptions());

    /// <summary>
    /// The all-namespaces list and watch of the generated client, as its informer factory binds them, with
    /// <paramref name="afterPage"/> awaited after each page arrives (before the informer sees it): to act between pages.
    /// </summary>
    public ListWatch<EndpointSlice> Source(Func<ListRequest, ListPage<EndpointSlice>, Task> afterPage) => new(
        async (request, cancellationToken) =>
        {
            EndpointSliceList list = await Client.ListDiscoveryV1EndpointSliceForAllNamespacesAsync(
                @continue: request.Continue, limit: request.Limit, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, cancellationToken: cancellationToken);
            var page = new ListPage<EndpointSlice>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.Continue);
            await afterPage(request, page);
            return page;
        },
        (request, cancellationToken) => Client.WatchDiscoveryV1EndpointSliceForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: request.ResourceVersion, resourceVersionMatch: request.ResourceVersionMatch, sendInitialEvents: request.SendInitialEvents, watchOptions: request.Options, cancellationToken: cancellationToken),
        static s => s.Metadata?.Namespace,
        static s => s.Metadata?.Name,
        static s => s.Metadata?.ResourceVersion,
        static s => s.Metadata?.Labels,
        "endpointslices");

    /// <summary>
    /// An informer (not started) that lists <paramref name="pageSize"/> slices a page, without a streaming list, through
    /// <see cref="Source"/> with <paramref name="afterPage"/>.
    /// </summary>
    public Informer<EndpointSlice> CreatePagedInformer(int pageSize, Func<ListRequest, ListPage<EndpointSlice>, Task> afterPage)
    {
        InformerOptions<EndpointSlice> options = FastOptions(pageSize);
        options.UseStreamingList = false;
        return new Informer<EndpointSlice>(Source(afterPage), options);
    }

    public JsonObject Create(JsonObject slice)
    {
        JsonObject created = Server.Objects.Create(Slices, slice);
        Record();
        return created;
    }

    public JsonObject Update(string name, Action<JsonObject> change, string ns = Namespace)
    {
        JsonObject updated = Server.Objects.Update(Slices, ns, name, change);
        Record();
        return updated;
    }

    public void Delete(string name, string ns = Namespace)
    {
        Assert.True(Server.Objects.Delete(Slices, ns, name));
        Record();
    }

    /// <summary>The server's slices at <paramref name="resourceVersion"/>.</summary>
    public IReadOnlyList<JsonObject> At(long resourceVersion)
    {
        lock (_lock)
        {
            for (int i = _history.Count - 1; i >= 0; i--)
            {
                if (_history.Keys[i] <= resourceVersion)
                {
                    return _history.Values[i];
                }
            }

            return [];
        }
    }

    private void Record()
    {
        lock (_lock)
        {
            _history[Server.Objects.ResourceVersion] = Server.Objects.List(Slices).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Testing;
using SliceClientGen.Watch.Tests.Kube;

namespace SliceClientGen.Watch.Tests.Infrastructure;

/// <summary>One write the test made, as a watch must deliver it.</summary>
public sealed record LoggedEvent(string Type, long ResourceVersion, string Name);

/// <summary>
/// The embedded API server (SliceClientGen.Testing) serving EndpointSlices, with the writes the test makes through it
/// logged in order, so what a watch delivered can be compared with what happened. Faults (scripted watches, compaction,
/// bookmarks on demand) are the server's own, as any user of SliceClientGen.Testing has them.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private static readonly ApiResource Slices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice");

    /// <summary>Another resource: its writes move the (global) resource version on without touching EndpointSlices.</summary>
    private static readonly ApiResource ConfigMaps = new(string.Empty, "v1", "configmaps", "ConfigMap");

    private readonly List<LoggedEvent> _log = new();
    private int _otherWrites;
    private int _changes;

    private Cluster(KubeApiServer server) => Server = server;

    public KubeApiServer Server { get; }

    /// <summary>The current resource version.</summary>
    public long ResourceVersion => Server.Objects.ResourceVersion;

    /// <summary>The writes made through this cluster, in order.</summary>
    public IReadOnlyList<LoggedEvent> Log => _log.ToArray();

    /// <summary>The EndpointSlice watch requests, in order.</summary>
    public IReadOnlyList<ServerRequest> WatchRequests => SliceRequests.Where(r => r.IsWatch).ToList();

    /// <summary>The EndpointSlice list requests, in order.</summary>
    public IReadOnlyList<ServerRequest> ListRequests => SliceRequests.Where(r => !r.IsWatch).ToList();

    private IEnumerable<ServerRequest> SliceRequests => Server.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/endpointslices", StringComparison.Ordinal));

    public static async Task<Cluster> StartAsync()
    {
        var options = new KubeApiServerOptions { ServeNamespaces = false };
        options.Resources.Add(Slices);
        options.Resources.Add(ConfigMaps);
        var cluster = new Cluster(await KubeApiServer.StartAsync(options));

        // A cluster's history never starts at 0, and resourceVersion "0" means "any state" to a watch: one write elsewhere first.
        cluster.WriteElsewhere();
        return cluster;
    }

    /// <summary>A generated client for this server, with fast retries so tests stay quick.</summary>
    public (EndpointSlicesClient Client, HttpClient Http) CreateClient() => TestHelpers.CreateClient(Server.BaseAddress);

    /// <summary>Creates a slice, or changes an existing one (every call is a real change): ADDED or MODIFIED at a new resource version.</summary>
    public long Upsert(string @namespace, string name, string service = "web", int endpoints = 1)
    {
        JsonObject slice = KubeJson.SliceObject(@namespace, name, service: service, endpoints: endpoints);
        slice["metadata"]!["annotations"] = new JsonObject { ["test/change"] = (++_changes).ToString(CultureInfo.InvariantCulture) };
        bool exists = Server.Objects.Get(Slices, @namespace, name) is not null;
        JsonObject stored = exists ? Server.Objects.Replace(Slices, slice) : Server.Objects.Create(Slices, slice);
        long version = long.Parse((string)stored["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        _log.Add(new LoggedEvent(exists ? "MODIFIED" : "ADDED", version, name));
        return version;
    }

    /// <summary>Deletes a slice: DELETED at the deletion's resource version.</summary>
    public long Delete(string @namespace, string name)
    {
        Assert.True(Server.Objects.Delete(Slices, @namespace, name));
        long version = ResourceVersion;
        _log.Add(new LoggedEvent("DELETED", version, name));
        return version;
    }

    /// <summary>Sends a BOOKMARK now to the watches that asked for bookmarks; returns its resource version.</summary>
    public long Bookmark() => Server.Faults.SendBookmarks();

    /// <summary>
    /// Another resource changes (the revision is global, as etcd's is), then history is compacted: watches from any
    /// resource version before now and every continue token issued so far get 410.
    /// </summary>
    public void Compact()
    {
        WriteElsewhere();
        Server.Faults.CompactHistory();
    }

    private void WriteElsewhere() =>
        Server.Objects.Create(ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other-" + (++_otherWrites), ["namespace"] = "default" } });

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SliceClientGen.Testing.Tests.Infrastructure;

namespace SliceClientGen.Testing.Tests;

/// <summary>
/// The official Kubernetes C# client (KubernetesClient) as a real client of the embedded server, over TLS with the
/// kubeconfig the server writes: paged lists, its IAsyncEnumerable watch (ClientSet's WatchListAsync), writes,
/// every patch type it sends, and the errors it raises.
/// </summary>
public sealed class KubernetesClientTests
{
    private const string Namespace = "shop";

    private static async Task<(TestServer Server, Kubernetes Client, TempDirectory Directory)> StartAsync()
    {
        TestServer server = await TestServer.StartAsync(o => o.UseTls = true);
        var directory = new TempDirectory();
        string kubeconfig = server.Server.WriteKubeConfig(directory["config"], @namespace: Namespace);
        return (server, new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)), directory);
    }

    private static V1EndpointSlice Slice(string name, string service = "web", int port = 8080) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Endpoints = new List<V1Endpoint> { new() { Addresses = new List<string> { "10.0.0.1" }, Conditions = new V1EndpointConditions { Ready = true } } },
        Ports = new List<Discoveryv1EndpointPort> { new() { Name = "http", Port = port, Protocol = "TCP" } },
    };

    [Fact]
    public async Task It_lists_in_pages_with_limit_and_continue()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;
        for (int i = 0; i < 5; i++)
        {
            server.Seed(Namespace, "s" + i);
        }

        var names = new List<string>();
        string? next = null;
        int pages = 0;
        do
        {
            V1EndpointSliceList page = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Namespace, limit: 2, continueParameter: next);
            names.AddRange(page.Items.Select(s => s.Metadata.Name));
            next = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(next));

        Assert.Equal(new[] { "s0", "s1", "s2", "s3", "s4" }, names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Its_IAsyncEnumerable_watch_receives_every_change_in_order()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;
        server.Seed(Namespace, "a");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var seen = new List<string>();
        var endpointSlices = new k8s.ClientSets.ClientSet(client).DiscoveryV1.EndpointSlice;
        await foreach ((WatchEventType type, V1EndpointSlice slice) in endpointSlices.WatchListAsync(Namespace, allowWatchBookmarks: true, cancellationToken: cancel.Token))
        {
            seen.Add(type + " " + slice.Metadata.Name);
            if (seen.Count == 1)
            {
                server.Seed(Namespace, "b");
                server.Server.Objects.Update(server.Slices, Namespace, "a", o => o["addressType"] = "IPv6");
                server.Server.Objects.Delete(server.Slices, Namespace, "b");
            }
            else if (seen.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(new[] { "Added a", "Added b", "Modified a", "Deleted b" }, seen);
        ServerRequest watch = Assert.Single(server.Server.Requests, r => r.IsWatch);
        Assert.Equal(("true", "true"), (watch["watch"]!.ToLowerInvariant(), watch["allowWatchBookmarks"]!.ToLowerInvariant()));
    }

    [Fact]
    public async Task It_creates_reads_replaces_and_deletes()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;

        V1EndpointSlice created = await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("web-1"), Namespace);
        created.Ports[0].Port = 9090;
        V1EndpointSlice replaced = await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "web-1", Namespace);
        V1EndpointSlice read = await client.DiscoveryV1.ReadNamespacedEndpointSliceAsync("web-1", Namespace);
        await client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync("web-1", Namespace);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal(9090, read.Ports[0].Port);
        Assert.Null(server.Server.Objects.Get(server.Slices, Namespace, "web-1"));
    }

    [Theory]
    [InlineData(V1Patch.PatchType.MergePatch, """{"metadata":{"labels":{"tier":"gold"}}}""")]
    [InlineData(V1Patch.PatchType.StrategicMergePatch, """{"metadata":{"labels":{"tier":"gold"}}}""")]
    [InlineData(V1Patch.PatchType.JsonPatch, """[{"op":"add","path":"/metadata/labels/tier","value":"gold"}]""")]
    public async Task It_patches_with_every_patch_type_it_sends(V1Patch.PatchType type, string patch)
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;
        server.Seed(Namespace, "web-1");

        V1EndpointSlice patched = await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(new V1Patch(patch, type), "web-1", Namespace);

        Assert.Equal("gold", patched.Metadata.Labels["tier"]);
        Assert.Equal("web", patched.Metadata.Labels["kubernetes.io/service-name"]);
    }

    [Fact]
    public async Task It_applies_server_side_creating_the_slice_and_then_changing_it()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;

        V1EndpointSlice created = await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(new V1Patch(Slice("web-1", port: 8080), V1Patch.PatchType.ApplyPatch), "web-1", Namespace, fieldManager: "controller");
        V1EndpointSlice changed = await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(new V1Patch(Slice("web-1", port: 9090), V1Patch.PatchType.ApplyPatch), "web-1", Namespace, fieldManager: "controller");

        Assert.Equal(8080, created.Ports[0].Port);
        Assert.Equal(9090, changed.Ports[0].Port);
        V1ManagedFieldsEntry entry = Assert.Single(changed.Metadata.ManagedFields);
        Assert.Equal(("controller", "Apply", "FieldsV1"), (entry.Manager, entry.Operation, entry.FieldsType));
    }

    [Fact]
    public async Task Its_apply_of_a_field_another_manager_owns_is_a_409_until_forced()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;
        await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(new V1Patch(Slice("web-1", port: 8080), V1Patch.PatchType.ApplyPatch), "web-1", Namespace, fieldManager: "controller");
        var change = new V1Patch(Slice("web-1", port: 9090), V1Patch.PatchType.ApplyPatch);

        HttpOperationException conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(change, "web-1", Namespace, fieldManager: "rollout"));
        V1EndpointSlice forced = await client.DiscoveryV1.PatchNamespacedEndpointSliceAsync(change, "web-1", Namespace, fieldManager: "rollout", force: true);

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        V1Status status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal(".ports", Assert.Single(status.Details.Causes).Field);
        Assert.Equal(9090, forced.Ports[0].Port);
    }

    [Fact]
    public async Task It_gets_HttpOperationExceptions_with_the_Status_for_404_409_and_422()
    {
        (TestServer server, Kubernetes client, TempDirectory directory) = await StartAsync();
        await using TestServer owned = server;
        using TempDirectory ownedDirectory = directory;
        server.Seed(Namespace, "web-1");
        V1EndpointSlice invalid = Slice("web-2");
        invalid.AddressType = null;

        HttpOperationException notFound = await Assert.ThrowsAsync<HttpOperationException>(() => client.DiscoveryV1.ReadNamespacedEndpointSliceAsync("missing", Namespace));
        HttpOperationException exists = await Assert.ThrowsAsync<HttpOperationException>(() => client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("web-1"), Namespace));
        HttpOperationException unprocessable = await Assert.ThrowsAsync<HttpOperationException>(() => client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(invalid, Namespace));

        Assert.Equal(
            new[] { (HttpStatusCode.NotFound, "NotFound"), (HttpStatusCode.Conflict, "AlreadyExists"), (HttpStatusCode.UnprocessableEntity, "Invalid") },
            new[] { notFound, exists, unprocessable }.Select(e => (e.Response.StatusCode, KubernetesJson.Deserialize<V1Status>(e.Response.Content).Reason)));
        Assert.Contains("addressType", KubernetesJson.Deserialize<V1Status>(unprocessable.Response.Content).Message);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Watch;
using SliceClientGen.Testing.Tests.Infrastructure;
using SliceClientGen.Testing.Tests.Kube;
using Xunit;

namespace SliceClientGen.Testing.Tests;

/// <summary>Resources from documents, discovery, authentication, fault injection, and the generated client end to end.</summary>
public sealed class ServerTests
{
    [Fact]
    public void Resources_are_read_from_the_shape_of_the_documents_paths()
    {
        ApiResource slices = Assert.Single(ApiResource.FromOpenApiDocument(TestServer.DocumentPath));

        Assert.Equal(("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true), (slices.Group, slices.Version, slices.Plural, slices.Kind, slices.Namespaced));
        Assert.Equal("#/components/schemas/EndpointSlice", slices.SchemaReference);
    }

    [Fact]
    public void A_real_Kubernetes_document_yields_its_resources_with_their_group_version_kinds()
    {
        IReadOnlyList<ApiResource> resources = ApiResource.FromOpenApiDocument(Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-discovery-v1-openapi.json"));

        ApiResource slices = Assert.Single(resources);
        Assert.Equal("EndpointSlice", slices.Kind);
        Assert.Equal("#/components/schemas/io.k8s.api.discovery.v1.EndpointSlice", slices.SchemaReference);
    }

    [Fact]
    public async Task A_broken_document_is_refused_at_start_with_its_path_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yml");
        File.WriteAllText(path, "openapi: 3.0.0\npaths:\n  /x: [unclosed\n");

        var error = await Assert.ThrowsAsync<OpenApiDocumentException>(() => KubeApiServer.StartAsync(new KubeApiServerOptions { OpenApiDocumentPath = path }));

        Assert.Contains(path, error.Message);
        Assert.Contains("line", error.Message);
    }

    [Fact]
    public async Task Resources_can_be_declared_without_a_document_and_are_served_without_validation()
    {
        var widgets = new ApiResource("example.com", "v1alpha1", "widgets", "Widget", namespaced: false);
        await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Resources = { widgets } });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using HttpResponseMessage created = await http.PostAsync("apis/example.com/v1alpha1/widgets", new StringContent("""{"metadata":{"name":"w"},"size":3}""", System.Text.Encoding.UTF8, "application/json"));
        JsonObject list = JsonNode.Parse(await http.GetStringAsync("apis/example.com/v1alpha1/widgets"))!.AsObject();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("WidgetList", list["kind"]!.GetValue<string>());
        Assert.Equal(3, list["items"]![0]!["size"]!.GetValue<int>());
        Assert.Null(list["items"]![0]!["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Discovery_describes_the_served_groups_and_resources()
    {
        await using TestServer server = await TestServer.StartAsync();

        (_, JsonObject groups) = await server.GetAsync("apis");
        (_, JsonObject resources) = await server.GetAsync("apis/discovery.k8s.io/v1");
        (_, JsonObject core) = await server.GetAsync("api");

        Assert.Equal("discovery.k8s.io/v1", groups["groups"]![0]!["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        JsonNode slices = resources["resources"]![0]!;
        Assert.Equal("endpointslices", slices["name"]!.GetValue<string>());
        Assert.True(slices["namespaced"]!.GetValue<bool>());
        Assert.Equal(
            new[] { "create", "delete", "get", "list", "patch", "update", "watch" },
            slices["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("APIVersions", core["kind"]!.GetValue<string>());
        Assert.Equal("v1", Assert.Single(core["versions"]!.AsArray())!.GetValue<string>());   // the namespaces view
    }

    [Fact]
    public async Task Without_core_resources_the_server_lists_no_core_version()
    {
        await using TestServer server = await TestServer.StartAsync(o => o.ServeNamespaces = false);

        (_, JsonObject core) = await server.GetAsync("api");

        Assert.Empty(core["versions"]!.AsArray());   // an empty v1 would make discovery clients fail
    }

    [Fact]
    public async Task Namespaces_are_a_read_only_view_of_the_namespaces_objects_are_in()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");
        server.Seed("data", "b");
        server.Seed("shop", "c");

        (_, JsonObject list) = await server.GetAsync("api/v1/namespaces");
        (int getStatus, JsonObject shop) = await server.GetAsync("api/v1/namespaces/shop");
        (int missingStatus, _) = await server.GetAsync("api/v1/namespaces/missing");
        (_, JsonObject selected) = await server.GetAsync("api/v1/namespaces?labelSelector=kubernetes.io%2Fmetadata.name%3Ddata");
        (int postStatus, _) = await server.SendAsync(HttpMethod.Post, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "new" } });
        server.Server.Objects.Delete(server.Slices, "data", "b");
        (_, JsonObject after) = await server.GetAsync("api/v1/namespaces");

        Assert.Equal("NamespaceList", list["kind"]!.GetValue<string>());
        Assert.Equal(new[] { "data", "shop" }, TestServer.Names(list));
        Assert.Equal(200, getStatus);
        Assert.Equal("Active", shop["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(404, missingStatus);
        Assert.Equal(new[] { "data" }, TestServer.Names(selected));
        Assert.Equal(405, postStatus);
        Assert.Equal(new[] { "shop" }, TestServer.Names(after));
    }

    [Fact]
    public async Task A_namespace_watch_sends_the_current_namespaces_and_ends_at_its_timeout()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Seed("shop", "a");

        await using WatchReader watch = await WatchReader.OpenAsync(server, "api/v1/namespaces?watch=true&timeoutSeconds=1");

        Assert.Equal("ADDED shop", await watch.NextSummaryAsync());
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Requests_without_the_token_are_401_but_version_is_public()
    {
        await using TestServer server = await TestServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.Server.BaseAddress };

        using HttpResponseMessage list = await anonymous.GetAsync(TestServer.Collection);
        using HttpResponseMessage version = await anonymous.GetAsync("version");
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using HttpResponseMessage wrong = await anonymous.GetAsync(TestServer.Collection);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("Unauthorized", JsonNode.Parse(await list.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task A_client_certificate_from_the_servers_CA_is_a_credential_and_a_foreign_one_is_not()
    {
        await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions { OpenApiDocumentPath = TestServer.DocumentPath, RequireClientCertificate = true });
        await using KubeApiServer other = await KubeApiServer.StartAsync(new KubeApiServerOptions { OpenApiDocumentPath = TestServer.DocumentPath, UseTls = true });

        Assert.Equal(HttpStatusCode.OK, await StatusWithCertificateAsync(server, server.IssueClientCertificate("alice")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithCertificateAsync(server, other.IssueClientCertificate("mallory")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithCertificateAsync(server, null));
    }

    [Fact]
    public async Task The_generated_client_works_through_a_kubeconfig_the_server_wrote_with_a_client_certificate()
    {
        await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions { OpenApiDocumentPath = TestServer.DocumentPath, RequireClientCertificate = true });
        string kubeconfig = server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"), useClientCertificate: true, @namespace: "shop");
        ClusterConfiguration cluster = ClusterConfiguration.FromKubeConfig(kubeconfig);
        using HttpClient http = cluster.CreateHttpClient();
        var client = new EndpointSlicesClient(http);

        EndpointSlice created = await client.CreateNamespacedEndpointSliceAsync(cluster.Namespace, new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "typed" },
            AddressType = EndpointSliceAddressType.IPv4,
            Endpoints = [new Endpoint { Addresses = ["10.0.0.1"] }],
        });
        var missing = await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("shop", "nope"));

        Assert.Equal("shop", created.Metadata!.Namespace);
        Assert.Equal("NotFound", missing.Error!.Reason);
        Assert.Equal(404, missing.Error.Code);
    }

    [Fact]
    public async Task A_kubeconfig_for_a_server_without_auth_has_no_credentials_and_works_with_the_generated_client()
    {
        await using KubeApiServer server = await KubeApiServer.StartAsync(new KubeApiServerOptions { OpenApiDocumentPath = TestServer.DocumentPath });
        server.Objects.Create(server.Resources[0], TestServer.Slice("shop", "open"));
        string kubeconfig = server.WriteKubeConfig(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config"));

        ClusterConfiguration cluster = ClusterConfiguration.FromKubeConfig(kubeconfig);
        using HttpClient http = cluster.CreateHttpClient();
        EndpointSliceList list = await new EndpointSlicesClient(http).ListEndpointSlicesAllNamespacesAsync();

        Assert.Null(cluster.Token);
        Assert.Equal("open", Assert.Single(list.Items).Metadata!.Name);
    }

    [Fact]
    public async Task The_generated_watch_resumes_after_injected_drops_without_losing_or_repeating_events()
    {
        await using TestServer server = await TestServer.StartAsync();
        using HttpClient http = new(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero }) { BaseAddress = server.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.Token);
        var client = new EndpointSlicesClient(http);
        server.Seed("shop", "before");
        string start = server.Server.Objects.ResourceVersion.ToString();
        server.Server.Faults.DropWatchAfterEvents = 4;
        for (int i = 0; i < 20; i++)
        {
            server.Seed("shop", $"s-{i:D2}");
        }

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (WatchEvent<EndpointSlice> e in client.WatchEndpointSlicesAllNamespacesAsync(resourceVersion: start, cancellationToken: timeout.Token))
        {
            seen.Add(e.Object!.Metadata!.Name!);
            if (seen.Count == 20)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"s-{i:D2}"), seen);
    }

    [Fact]
    public async Task Injected_failures_answer_with_a_Status_and_Retry_After_then_stop()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Server.Faults.FailNextRequests(1, 503);

        using HttpResponseMessage failed = await server.Http.GetAsync(TestServer.Collection);
        using HttpResponseMessage next = await server.Http.GetAsync(TestServer.Collection);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), failed.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task An_injected_response_delay_holds_every_response()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Server.Faults.ResponseDelay = TimeSpan.FromSeconds(30);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.Http.GetAsync(TestServer.Collection, shortWait.Token));
    }

    private static async Task<HttpStatusCode> StatusWithCertificateAsync(KubeApiServer server, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection { certificate };
        }

        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        using HttpResponseMessage response = await http.GetAsync(TestServer.Collection);
        return response.StatusCode;
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Tests.Infrastructure;

/// <summary>A started embedded server for the EndpointSlice document, with a raw HttpClient and object helpers.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string Token = "test-token";

    private TestServer(KubeApiServer server, ApiResource slices)
    {
        Server = server;
        Slices = slices;
        Http = new HttpClient(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public static string DocumentPath => Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-endpoint-slices-openapi.yml");

    /// <summary>The real discovery.k8s.io/v1 document (its list types: endpoints and ports atomic, addresses a set, ownerReferences a map by uid).</summary>
    public static string DiscoveryDocumentPath => Path.Combine(AppContext.BaseDirectory, "openapi", "kubernetes-discovery-v1-openapi.json");

    public KubeApiServer Server { get; }

    public ApiResource Slices { get; }

    public HttpClient Http { get; }

    public const string Collection = "apis/discovery.k8s.io/v1/endpointslices";

    public static string In(string ns) => $"apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices";

    public static async Task<TestServer> StartAsync(Action<KubeApiServerOptions>? configure = null)
    {
        var options = new KubeApiServerOptions { OpenApiDocumentPath = DocumentPath, BearerToken = Token };
        configure?.Invoke(options);
        KubeApiServer server = await KubeApiServer.StartAsync(options);
        return new TestServer(server, server.Resources.Single(r => r.Plural == "endpointslices"));
    }

    public static JsonObject Slice(string ns, string name, string service = "web", string addressType = "IPv4", int endpoints = 1, int port = 8080) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service, ["endpointslice.kubernetes.io/managed-by"] = "tests" },
        },
        ["addressType"] = addressType,
        ["endpoints"] = new JsonArray(Enumerable.Range(0, endpoints).Select(i => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray((JsonNode)JsonValue.Create($"10.0.{i / 250}.{i % 250 + 1}")),
            ["conditions"] = new JsonObject { ["ready"] = true },
        }).ToArray()),
        ["ports"] = new JsonArray((JsonNode)new JsonObject { ["name"] = "http", ["protocol"] = "TCP", ["port"] = port }),
    };

    public JsonObject Seed(string ns, string name, string service = "web", int endpoints = 1) =>
        Server.Objects.Create(Slices, Slice(ns, name, service, endpoints: endpoints));

    public Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        SendTextAsync(method, path, body?.ToJsonString(), contentType);

    /// <summary>Sends a body as written (YAML for server-side apply, for example).</summary>
    public async Task<(int Status, JsonObject Body)> SendTextAsync(HttpMethod method, string path, string? body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public Task<(int Status, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public static IReadOnlyList<string> Names(JsonObject list) =>
        list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SliceClientGen.Client.Tests.Infrastructure;
using SliceClientGen.Client.Tests.Kube;
using SliceClientGen.Client.Tests.Pets;
using SliceClientGen.Runtime.DependencyInjection;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Client.Tests;

/// <summary>The generated <c>Add{ClassName}</c> registrations, resolved from a real ServiceProvider and called over real HTTP.</summary>
public sealed class DependencyInjectionTests
{
    private const string Item = "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc";

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("EndpointSlices:" + v.Key, v.Value)))
            .Build()
            .GetSection("EndpointSlices");

    [Fact]
    public async Task AddEndpointSlicesClient_registers_a_typed_client_that_calls_the_configured_server()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(o => o.BaseAddress = server.BaseAddress);
        await using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSlice slice = await provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("web-abc", slice.Metadata!.Name);
        Assert.Equal("GET", server.Single.Method);
        Assert.Equal(Item, server.Single.RawPath);
        Assert.Equal("application/json", server.Single.Header("Accept"));
    }

    [Fact]
    public async Task The_factory_HttpClient_has_no_timeout_of_its_own_so_ApiClientOptions_Timeout_is_the_one_that_applies()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Timeout = TimeSpan.FromMilliseconds(300);
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Pipeline.HttpClient.Timeout);
        Assert.Contains("within 0.3 s", e.Message);
    }

    [Fact]
    public async Task The_returned_IHttpClientBuilder_takes_a_DelegatingHandler_that_sees_every_request()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.List("1", null)));
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(o => o.BaseAddress = server.BaseAddress)
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().ListEndpointSlicesAllNamespacesAsync(labelSelector: "app=web");

        Assert.Equal(new[] { "GET " + server.BaseAddress + "apis/discovery.k8s.io/v1/endpointslices?labelSelector=app%3Dweb" }, seen);
        Assert.Equal("yes", server.Single.Header("X-Handled"));
    }

    [Fact]
    public async Task ConfigureHttpClient_on_the_builder_sets_the_BaseAddress_and_default_headers()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient()
            .ConfigureHttpClient(http =>
            {
                http.BaseAddress = server.At("gateway/");
                http.DefaultRequestHeaders.Add("X-Cluster", "a");
            });
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("/gateway" + Item, server.Single.RawPath);
        Assert.Equal("a", server.Single.Header("X-Cluster"));
    }

    [Fact]
    public async Task Two_generated_clients_get_their_own_options()
    {
        await using LoopbackServer kube = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        await using LoopbackServer pets = await LoopbackServer.StartAsync(Responses.Json(200, """{"id":1,"name":"Rex"}"""));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(o => o.BaseAddress = kube.BaseAddress);
        services.AddPetStoreClient(o => o.BaseAddress = pets.At("api/v3/"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc");
        Pet pet = await provider.GetRequiredService<PetStoreClient>().GetPetsByPetIdAsync(1);

        Assert.Equal(Item, kube.Single.RawPath);
        Assert.Equal("/api/v3/pets/1", pets.Single.RawPath);
        Assert.Equal("Rex", pet.Name);
    }

    [Fact]
    public async Task Two_clients_with_the_same_class_name_in_different_namespaces_keep_their_own_options_and_handlers()
    {
        // Generated clients from two libraries may share a class name (KubernetesClient); nested types stand in for them here.
        await using LoopbackServer first = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        await using LoopbackServer second = await LoopbackServer.StartAsync(Responses.Json(200, KubeJson.Slice));
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddApiClient((http, options) => new FirstLibrary.KubernetesClient(http, options), o => o.BaseAddress = first.BaseAddress);
        services.AddApiClient((http, options) => new SecondLibrary.KubernetesClient(http, options), o => o.BaseAddress = second.BaseAddress)
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using ServiceProvider provider = services.BuildServiceProvider();
        FirstLibrary.KubernetesClient one = provider.GetRequiredService<FirstLibrary.KubernetesClient>();
        SecondLibrary.KubernetesClient two = provider.GetRequiredService<SecondLibrary.KubernetesClient>();

        await one.Endpoints.GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal(first.BaseAddress, one.Endpoints.Pipeline.BaseAddress);
        Assert.Equal(second.BaseAddress, two.Endpoints.Pipeline.BaseAddress);
        Assert.Equal(Item, first.Single.RawPath);
        Assert.Empty(second.Requests);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task Configuration_sets_BaseAddress_Timeout_and_Retry_MaxRetries()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.RetryAfter(503, 0));
        IConfigurationSection section = Section(("BaseAddress", server.At("cfg/").ToString()), ("Timeout", "00:00:07"), ("Retry:MaxRetries", "1"));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(section);
        await using ServiceProvider provider = services.BuildServiceProvider();
        EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();

        await Assert.ThrowsAsync<ApiException<Status>>(() => client.GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal(server.At("cfg/"), client.Pipeline.Options.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(7), client.Pipeline.Options.Timeout);
        Assert.Equal(1, client.Pipeline.Options.Retry.MaxRetries);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/cfg" + Item, r.RawPath));
    }

    [Fact]
    public async Task A_Timeout_in_seconds_from_configuration_applies_to_calls()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(Responses.Never());
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(Section(("BaseAddress", server.BaseAddress.ToString()), ("Timeout", "0.3")));
        await using ServiceProvider provider = services.BuildServiceProvider();

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc")).Within();

        Assert.Equal("GET " + Item + " did not complete within 0.3 s (ApiClientOptions.Timeout).", e.Message);
    }

    [Fact]
    public void Configuration_binds_every_retry_setting()
    {
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(Section(
            ("Retry:Enabled", "false"),
            ("Retry:InitialDelay", "0.25"),
            ("Retry:MaxDelay", "00:00:05"),
            ("Retry:MaxRetryAfter", "10"),
            ("Retry:Jitter", "0.5"),
            ("Retry:StatusCodes", "429, 502,503"),
            ("MaxErrorBodyLength", "100"),
            ("MaxErrorBodyBytes", "2000")));
        using ServiceProvider provider = services.BuildServiceProvider();

        ApiClientOptions options = provider.GetRequiredService<EndpointSlicesClient>().Pipeline.Options;

        Assert.False(options.Retry.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Retry.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Retry.MaxRetryAfter);
        Assert.Equal(0.5, options.Retry.Jitter);
        Assert.Equal(new[] { 429, 502, 503 }, options.Retry.StatusCodes.OrderBy(c => c));
        Assert.Equal(100, options.MaxErrorBodyLength);
        Assert.Equal(2000, options.MaxErrorBodyBytes);
    }

    [Fact]
    public void Status_codes_given_as_a_configuration_array_are_bound()
    {
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(Section(("Retry:StatusCodes:0", "500"), ("Retry:StatusCodes:1", "504")));
        using ServiceProvider provider = services.BuildServiceProvider();

        ApiClientOptions options = provider.GetRequiredService<EndpointSlicesClient>().Pipeline.Options;

        Assert.Equal(new[] { 500, 504 }, options.Retry.StatusCodes.OrderBy(c => c));
    }

    [Theory]
    [InlineData("Timeout", "soon", "EndpointSlices:Timeout")]
    [InlineData("BaseAddress", "not a uri", "EndpointSlices:BaseAddress")]
    [InlineData("BaseAddress", "/relative/only", "EndpointSlices:BaseAddress")]
    [InlineData("Retry:MaxRetries", "three", "EndpointSlices:Retry:MaxRetries")]
    [InlineData("Retry:Enabled", "yes", "EndpointSlices:Retry:Enabled")]
    [InlineData("Retry:StatusCodes", "429,999", "EndpointSlices:Retry:StatusCodes")]
    public void A_bad_configuration_value_throws_FormatException_naming_the_key(string key, string value, string path)
    {
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(key == "BaseAddress" ? Section((key, value)) : Section(("BaseAddress", "http://127.0.0.1:1/"), (key, value)));
        using ServiceProvider provider = services.BuildServiceProvider();

        FormatException e = Assert.Throws<FormatException>(() => provider.GetRequiredService<EndpointSlicesClient>());

        Assert.Contains("'" + path + "'", e.Message);
    }

    private static class FirstLibrary
    {
        public sealed class KubernetesClient(HttpClient http, ApiClientOptions options)
        {
            public EndpointSlicesClient Endpoints { get; } = new(http, options);
        }
    }

    private static class SecondLibrary
    {
        public sealed class KubernetesClient(HttpClient http, ApiClientOptions options)
        {
            public EndpointSlicesClient Endpoints { get; } = new(http, options);
        }
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.Method + " " + request.RequestUri!.AbsoluteUri);
            }

            request.Headers.Add("X-Handled", "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }
}

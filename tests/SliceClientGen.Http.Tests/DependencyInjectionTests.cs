using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SliceClientGen.Http.Tests.Infrastructure;
using SliceClientGen.Http.Tests.Kube;
using SliceClientGen.Runtime.Http;
using Xunit;

namespace SliceClientGen.Http.Tests;

/// <summary>The generated <c>AddEndpointSlicesClient</c> registers a typed client of IHttpClientFactory.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task The_registered_client_resolves_and_calls_the_configured_server()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(options => options.BaseAddress = server.BaseAddress);
        await using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSlice slice = await provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("web-abc", slice.Metadata?.Name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Handlers_added_to_the_returned_builder_see_every_request()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(options => options.BaseAddress = server.BaseAddress)
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<EndpointSlicesClient>().GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal("GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc", Assert.Single(seen));
        Assert.Equal("yes", server.SingleRequest.Header("X-Recorded"));
    }

    [Fact]
    public async Task Options_bind_from_configuration()
    {
        await using TestApiServer server = await TestApiServer.StartAsync(TestApiServer.Respond(200, KubeObjects.Slice));
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EndpointSlices:BaseAddress"] = server.BaseAddress.ToString(),
            ["EndpointSlices:Timeout"] = "00:00:07",
            ["EndpointSlices:Retry:MaxRetries"] = "5",
            ["EndpointSlices:Retry:StatusCodes"] = "429, 503, 504",
        }).Build();
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(configuration.GetSection("EndpointSlices"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();
        await client.GetNamespacedEndpointSliceAsync("default", "web-abc");

        Assert.Equal(TimeSpan.FromSeconds(7), client.Pipeline.Options.Timeout);
        Assert.Equal(5, client.Pipeline.Options.Retry.MaxRetries);
        Assert.Equal(new[] { 429, 503, 504 }, client.Pipeline.Options.Retry.StatusCodes.Order());
        Assert.Single(server.Requests);
    }

    [Fact]
    public void A_bad_configuration_value_names_its_key()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EndpointSlices:Retry:MaxRetries"] = "many",
        }).Build();
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient(configuration.GetSection("EndpointSlices"));
        using ServiceProvider provider = services.BuildServiceProvider();

        FormatException error = Assert.Throws<FormatException>(() => provider.GetRequiredService<EndpointSlicesClient>());

        Assert.Contains("'EndpointSlices:Retry:MaxRetries' must be an integer; it is 'many'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_client_has_no_http_client_timeout_of_its_own()
    {
        var services = new ServiceCollection();
        services.AddEndpointSlicesClient();
        using ServiceProvider provider = services.BuildServiceProvider();

        EndpointSlicesClient client = provider.GetRequiredService<EndpointSlicesClient>();

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Pipeline.HttpClient.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(100), client.Pipeline.Options.Timeout);
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Method + " " + request.RequestUri!.AbsolutePath);
            request.Headers.Add("X-Recorded", "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }
}

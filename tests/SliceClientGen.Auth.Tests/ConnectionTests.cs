using System.Text;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Auth.Tests;

/// <summary>Connecting like kubectl: proxies from the kubeconfig, HTTP/2 for many watches. Real sockets on loopback.</summary>
public sealed class ConnectionTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    [Fact]
    public async Task A_proxy_url_in_the_kubeconfig_tunnels_TLS_through_an_HTTP_CONNECT_proxy_with_its_credentials()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        await using var proxy = new ConnectProxy();
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(
            server.BaseAddress,
            [.. KubeConfigs.TrustTestCa, $"proxy-url: http://alice:s%40cret@127.0.0.1:{proxy.Port}"],
            []));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        EndpointSliceList list = await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal("7", list.Metadata!.ResourceVersion);
        Assert.Equal(server.BaseAddress.Authority, Assert.Single(proxy.Tunnels));
        Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s@cret")), proxy.Authorizations);
        Assert.Contains($"Proxy = http://127.0.0.1:{proxy.Port}", configuration.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cret", configuration.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socks5_proxy_url_in_the_kubeconfig_tunnels_TLS_through_a_SOCKS5_proxy_with_its_credentials()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        await using var proxy = new Socks5Proxy();
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(
            server.BaseAddress,
            [.. KubeConfigs.TrustTestCa, $"proxy-url: socks5://bob:pa%3Ass@127.0.0.1:{proxy.Port}"],
            []));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        EndpointSliceList list = await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal("7", list.Metadata!.ResourceVersion);
        Assert.Equal(server.BaseAddress.Authority, Assert.Single(proxy.Targets));
        Assert.Equal("bob:pa:ss", Assert.Single(proxy.Credentials));
        Assert.Contains($"Proxy = socks5://127.0.0.1:{proxy.Port}", configuration.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("bob", configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_url_that_is_not_a_URL_is_refused_without_echoing_its_value()
    {
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(new Uri("https://127.0.0.1:6443"), ["proxy-url: ftp://bob:hunter2@proxy"], []));

        KubeConfigException e = Assert.Throws<KubeConfigException>(() => ClusterConfiguration.FromKubeConfig(path));

        Assert.Contains("proxy-url", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    private static readonly string s_added = KubeJson.Event("ADDED", System.Text.Json.Nodes.JsonNode.Parse(KubeJson.SliceNamed("web-abc", "8"))!);

    private static SliceClientGen.Runtime.Auth.TlsMaterial TrustTestCa => new(certificateAuthorities: SliceClientGen.Runtime.Auth.PemSource.FromText(Certs.Ca.CertificatePem, "test CA"));

    [Fact]
    public async Task By_default_a_TLS_server_that_offers_HTTP2_is_reached_over_HTTP2()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);

        await Clients.Kube(new ClusterConfiguration(server.BaseAddress, tls: TrustTestCa)).ListAsync().Within();

        Assert.Equal("HTTP/2", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task A_TLS_server_that_does_not_offer_HTTP2_is_reached_over_HTTP11()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(new LoopbackServerOptions { Certificate = Certs.Server, Http1Only = true });

        await Clients.Kube(new ClusterConfiguration(server.BaseAddress, tls: TrustTestCa)).ListAsync().Within();

        Assert.Equal("HTTP/1.1", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task With_PreferHttp2_off_a_TLS_server_that_offers_HTTP2_is_reached_over_HTTP11()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: TrustTestCa) { PreferHttp2 = false };

        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal("HTTP/1.1", Assert.Single(server.Requests).Protocol);
        Assert.Contains("HTTP/1.1 only", configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_server_is_reached_over_HTTP11()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync();

        await Clients.Kube(new ClusterConfiguration(server.BaseAddress)).ListAsync().Within();

        Assert.Equal("HTTP/1.1", Assert.Single(server.Requests).Protocol);
    }

    [Fact]
    public async Task By_default_150_concurrent_watches_all_stream_over_HTTP2_beyond_one_connection_stream_limit()
    {
        const int Watches = 150;
        const int StreamsPerConnection = 50;
        await using LoopbackServer server = await LoopbackServer.StartAsync(
            new LoopbackServerOptions { Certificate = Certs.Server, MaxStreamsPerConnection = StreamsPerConnection },
            Responses.Stall(s_added));
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: TrustTestCa);
        using HttpClient http = configuration.CreateHttpClient();
        EndpointSlicesClient client = Clients.Kube(http);
        using var stop = new CancellationTokenSource();

        // Each watch stays open until every watch has its first event: all 150 streams are open at once.
        int streaming = 0;
        var allStreaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> FirstEventAsync()
        {
            await foreach (WatchEvent<EndpointSlice> change in client.WatchNamespacedEndpointSlicesAsync("default", cancellationToken: stop.Token))
            {
                if (Interlocked.Increment(ref streaming) == Watches)
                {
                    allStreaming.SetResult();
                }

                await allStreaming.Task;
                return change.Object.Metadata!.Name!;
            }

            return "ended";
        }

        List<Task<string>> watches = Enumerable.Range(0, Watches).Select(_ => FirstEventAsync()).ToList();
        string[] names = await Task.WhenAll(watches).Within(60);
        await stop.CancelAsync();

        // Every watch got its event while all the others were open: none waited behind a full connection.
        Assert.All(names, name => Assert.Equal("web-abc", name));
        Assert.Equal(Watches, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
        int connections = server.Requests.Select(r => r.ConnectionId).Distinct().Count();
        Assert.InRange(connections, Watches / StreamsPerConnection, 10);
    }

    [Fact]
    public async Task Over_HTTP2_a_connection_that_stops_answering_is_found_dead_by_PING_while_a_watch_waits_quietly()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server, null, Responses.Stall(s_added));
        await using var relay = new TcpRelay(server.Port);
        var configuration = new ClusterConfiguration(new Uri($"https://127.0.0.1:{relay.Port}/"), tls: TrustTestCa)
        {
            Http2PingDelay = TimeSpan.FromSeconds(1),
            Http2PingTimeout = TimeSpan.FromSeconds(1),
        };
        using HttpClient http = configuration.CreateHttpClient();
        using HttpResponseMessage response = await http.GetAsync("apis/discovery.k8s.io/v1/endpointslices?watch=true", HttpCompletionOption.ResponseHeadersRead).Within();
        Stream body = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[16384];
        Assert.True(await body.ReadAsync(buffer).AsTask().Within() > 0);

        // The path dies without a reset: no byte, no FIN. Only an unanswered PING can tell.
        relay.Freeze();
        Exception e = await Waits.FailureOf(async () =>
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
        Assert.Contains("ping", e.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}

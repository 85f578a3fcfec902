using System.Text;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Auth.Tests.Kube;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Auth.Tests;

/// <summary>
/// The standard proxy variables, read through the configuration's environment as kubectl reads them, over real
/// sockets: the API server listens on loopback but is addressed as <c>kube.test</c> (or 192.0.2.10), which the
/// client's connections and the CONNECT proxy resolve to 127.0.0.1, so the rules see a remote host.
/// </summary>
public sealed class ProxyEnvironmentTests
{
    private const string Host = "kube.test";

    private static TestCertificates Certs => TestCertificates.Shared;

    private static TlsMaterial TrustTestCaAsLocalhost => new(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA"), serverName: "localhost");

    private static ClusterConfiguration Configuration(Uri server, params (string Name, string Value)[] variables) =>
        new(server, tls: TrustTestCaAsLocalhost) { Environment = Clients.Environment(variables: variables) };

    /// <summary>
    /// The API server on loopback addressed by a remote-looking name (or address), a CONNECT proxy that resolves that
    /// name to loopback, and the connections the client opens.
    /// </summary>
    private sealed class ProxiedServer(LoopbackServer server, ConnectProxy proxy, string host) : IAsyncDisposable
    {
        public LoopbackServer Server { get; } = server;

        public ConnectProxy Proxy { get; } = proxy;

        /// <summary>Where the client connected (the proxy or the server's name), one entry per connection.</summary>
        public LoopbackNames Names { get; } = new(host);

        /// <summary>The server as the client addresses it: the name and the server's port.</summary>
        public string Authority { get; } = $"{host}:{server.Port}";

        /// <summary>The proxy's URL with user <c>u</c> and password <c>p</c>.</summary>
        public string ProxyUrl => $"http://u:p@127.0.0.1:{Proxy.Port}";

        public static async Task<ProxiedServer> StartAsync(string host = Host) =>
            new(await LoopbackServer.StartHttpsAsync(Certs.Server), new ConnectProxy { LoopbackNames = { [host] = true } }, host);

        /// <summary>Lists through a client whose environment holds <paramref name="variables"/>.</summary>
        public async Task ListAsync(params (string Name, string Value)[] variables)
        {
            using HttpClient http = Names.Client(Configuration(new Uri("https://" + Authority), variables));
            await Clients.Kube(http).ListAsync().Within();
        }

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_HTTPS_PROXY_set_and_no_proxy_url_a_request_tunnels_through_that_proxy_with_its_credentials()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        await using var proxy = new ConnectProxy { LoopbackNames = { [Host] = true } };
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(new Uri($"https://{Host}:{server.Port}"), [.. KubeConfigs.TrustTestCa, "tls-server-name: localhost"], []));
        ClusterEnvironment environment = Clients.Environment(variables: ("HTTPS_PROXY", $"http://carol:pr%40xy@127.0.0.1:{proxy.Port}"));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path, null, environment);
        EndpointSliceList list = await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal("7", list.Metadata!.ResourceVersion);
        Assert.Equal($"{Host}:{server.Port}", Assert.Single(proxy.Tunnels));
        Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:pr@xy")), proxy.Authorizations);
    }

    [Fact]
    public async Task The_lower_case_https_proxy_variable_is_used_too()
    {
        await using ProxiedServer server = await ProxiedServer.StartAsync();

        await server.ListAsync(("https_proxy", $"u:p@127.0.0.1:{server.Proxy.Port}"));

        Assert.Equal(server.Authority, Assert.Single(server.Proxy.Tunnels));
        Assert.All(server.Names.Connections, c => Assert.Equal($"127.0.0.1:{server.Proxy.Port}", c));
    }

    [Theory]
    [InlineData("kube.test")]
    [InlineData("test")]
    [InlineData(".test")]
    [InlineData("*.test")]
    [InlineData("*")]
    [InlineData("other.example, KUBE.TEST")]
    [InlineData("kube.test:{port}")]
    public async Task A_host_NO_PROXY_names_is_reached_directly(string noProxy)
    {
        await using ProxiedServer server = await ProxiedServer.StartAsync();

        await server.ListAsync(("HTTPS_PROXY", server.ProxyUrl), ("NO_PROXY", noProxy.Replace("{port}", server.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        Assert.Equal(server.Authority, Assert.Single(server.Names.Connections));
        Assert.Empty(server.Proxy.Authorizations);
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("192.0.2.0/24")]
    public async Task An_address_NO_PROXY_names_or_covers_is_reached_directly(string noProxy)
    {
        await using ProxiedServer server = await ProxiedServer.StartAsync("192.0.2.10");

        await server.ListAsync(("HTTPS_PROXY", server.ProxyUrl), ("NO_PROXY", noProxy));

        Assert.Equal(server.Authority, Assert.Single(server.Names.Connections));
        Assert.Empty(server.Proxy.Authorizations);
    }

    [Theory]
    [InlineData("other.test,10.0.0.0/8")]
    [InlineData(".kube.test")]
    [InlineData("ube.test")]
    [InlineData("kube.test:1")]
    public async Task A_host_NO_PROXY_does_not_cover_still_goes_through_the_proxy(string noProxy)
    {
        await using ProxiedServer server = await ProxiedServer.StartAsync();

        await server.ListAsync(("HTTPS_PROXY", server.ProxyUrl), ("NO_PROXY", noProxy));

        Assert.Equal(server.Authority, Assert.Single(server.Proxy.Tunnels));
    }

    [Fact]
    public async Task A_proxy_url_in_the_kubeconfig_wins_over_HTTPS_PROXY()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        await using var configured = new ConnectProxy { LoopbackNames = { [Host] = true } };
        await using var fromEnvironment = new ConnectProxy { LoopbackNames = { [Host] = true } };
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(
            new Uri($"https://{Host}:{server.Port}"),
            [.. KubeConfigs.TrustTestCa, "tls-server-name: localhost", $"proxy-url: http://u:p@127.0.0.1:{configured.Port}"],
            []));
        ClusterEnvironment environment = Clients.Environment(variables: [("HTTPS_PROXY", $"http://u:p@127.0.0.1:{fromEnvironment.Port}"), ("NO_PROXY", Host)]);

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path, null, environment);
        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal($"{Host}:{server.Port}", Assert.Single(configured.Tunnels));
        Assert.Empty(fromEnvironment.Authorizations);
    }

    [Fact]
    public async Task A_loopback_server_is_reached_directly_even_with_HTTPS_PROXY_set()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);
        await using var proxy = new ConnectProxy();
        var configuration = new ClusterConfiguration(server.BaseAddress, tls: TrustTestCaAsLocalhost)
        {
            Environment = Clients.Environment(variables: ("HTTPS_PROXY", $"http://u:p@127.0.0.1:{proxy.Port}")),
        };

        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Empty(proxy.Authorizations);
    }

    [Fact]
    public void A_proxy_variable_that_is_not_a_proxy_URL_is_refused_by_name_without_echoing_its_value()
    {
        var configuration = Configuration(new Uri("https://kube.test:6443"), ("HTTPS_PROXY", "ftp://dave:hunter2@proxy.example"));

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => configuration.CreatePrimaryHandler());

        Assert.Contains("HTTPS_PROXY", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_proxy_from_the_environment_shows_its_address_and_never_its_credentials()
    {
        var configuration = Configuration(new Uri("https://kube.test:6443"), ("HTTPS_PROXY", "http://erin:s3cret@proxy.example:3128"));

        using SocketsHttpHandler handler = configuration.CreatePrimaryHandler();
        string shown = handler.Proxy!.ToString()!;

        Assert.Contains("HTTPS_PROXY http://proxy.example:3128", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("erin", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", configuration.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::1", "https://[::1]:6443/", true)]
    [InlineData("[2001:db8::1]:6443", "https://[2001:db8::1]:6443/", true)]
    [InlineData("2001:db8::/32", "https://[2001:db8::5]:443/", true)]
    [InlineData("[2001:db8::1]:6443", "https://[2001:db8::1]:443/", false)]
    [InlineData("10.0.0.0/8", "https://11.0.0.1/", false)]
    [InlineData("kube.test", "https://kube.test./", true)]
    [InlineData("", "https://kube.test/", false)]
    public void NO_PROXY_rules_match_addresses_ports_and_names_as_client_go(string noProxy, string destination, bool bypassed) =>
        Assert.Equal(bypassed, NoProxyRules.Parse(noProxy).Bypasses(new Uri(destination)));
}

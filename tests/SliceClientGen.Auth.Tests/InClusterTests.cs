using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>The in-cluster configuration from a fake service-account directory and a fake environment, against the TLS server.</summary>
public sealed class InClusterTests : IDisposable
{
    private readonly TempDirectory _serviceAccount = new();

    public InClusterTests()
    {
        _serviceAccount.Write("token", "service-account-token\n");
        _serviceAccount.Write("ca.crt", TestCertificates.Shared.Ca.CertificatePem);
        _serviceAccount.Write("namespace", "payments");
    }

    public void Dispose() => _serviceAccount.Dispose();

    private ClusterEnvironment Pod(string host, string port, TimeProvider? clock = null) =>
        Clients.Environment(clock, _serviceAccount.Path, variables: [("KUBERNETES_SERVICE_HOST", host), ("KUBERNETES_SERVICE_PORT", port)]);

    [Fact]
    public async Task The_generated_client_reaches_the_TLS_server_with_the_service_account_token_CA_and_namespace()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);

        ClusterConfiguration configuration = ClusterConfiguration.InCluster(Pod("127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await Clients.Kube(configuration).ListAsync(configuration.Namespace).Within();

        Assert.Equal(server.BaseAddress, configuration.Server);
        Assert.Equal("payments", configuration.Namespace);
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer service-account-token", request.Authorization);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/payments/endpointslices", request.Path);
    }

    [Fact]
    public async Task The_rotated_service_account_token_is_used_after_the_reload_interval()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(TestCertificates.Shared.Server);
        var clock = Fakes.Clock();
        ClusterConfiguration configuration = ClusterConfiguration.InCluster(Pod("127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), clock));
        var client = Clients.Kube(configuration);
        await client.ListAsync().Within();

        _serviceAccount.Write("token", "rotated-token");
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.ListAsync().Within();

        Assert.Equal(new[] { "Bearer service-account-token", "Bearer rotated-token" }, server.Requests.Select(r => r.Authorization));
    }

    [Theory]
    [InlineData("::1", "https://[::1]:6443/")]
    [InlineData("fd00:10:96::1", "https://[fd00:10:96::1]:6443/")]
    [InlineData("10.96.0.1", "https://10.96.0.1:6443/")]
    public void The_server_URL_puts_an_IPv6_service_host_in_brackets(string host, string expected)
    {
        ClusterConfiguration configuration = ClusterConfiguration.InCluster(Pod(host, "6443"));

        Assert.Equal(new Uri(expected), configuration.Server);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("10.96.0.1", null)]
    [InlineData(null, "443")]
    [InlineData("10.96.0.1", "")]
    public void Missing_service_variables_are_refused_with_InvalidOperationException(string? host, string? port)
    {
        var variables = new List<(string, string)>();
        if (host is not null)
        {
            variables.Add(("KUBERNETES_SERVICE_HOST", host));
        }

        if (port is not null)
        {
            variables.Add(("KUBERNETES_SERVICE_PORT", port));
        }

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.InCluster(Clients.Environment(null, _serviceAccount.Path, variables: variables.ToArray())));

        Assert.Contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set", e.Message);
    }

    [Fact]
    public void Without_a_namespace_file_the_namespace_is_default()
    {
        File.Delete(_serviceAccount["namespace"]);

        Assert.Equal("default", ClusterConfiguration.InCluster(Pod("10.96.0.1", "443")).Namespace);
    }

    [Fact]
    public void Missing_service_account_token_names_the_file()
    {
        File.Delete(_serviceAccount["token"]);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.InCluster(Pod("10.96.0.1", "443")));

        Assert.Contains(_serviceAccount["token"], error.Message);
    }

    [Fact]
    public void Default_uses_the_in_cluster_configuration_when_in_a_pod()
    {
        using var home = new TempDirectory();
        home.Write(".kube/config", HomeKubeConfig);
        var environment = Clients.Environment(serviceAccountDirectory: _serviceAccount.Path, home: home.Path, variables: [("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443")]);

        Assert.Equal(new Uri("https://10.96.0.1:443/"), ClusterConfiguration.Default(environment).Server);
    }

    [Fact]
    public void Default_falls_back_to_the_kubeconfig_outside_a_pod()
    {
        using var home = new TempDirectory();
        home.Write(".kube/config", HomeKubeConfig);

        Assert.Equal(new Uri("https://from-kubeconfig.example"), ClusterConfiguration.Default(Clients.Environment(serviceAccountDirectory: _serviceAccount.Path, home: home.Path)).Server);
    }

    [Fact]
    public void Default_with_neither_says_both_were_tried()
    {
        using var home = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => ClusterConfiguration.Default(Clients.Environment(home: home.Path)));

        Assert.Contains("not in a pod", error.Message);
        Assert.Contains(".kube", error.Message);
    }

    private const string HomeKubeConfig = "current-context: c\nclusters: [ { name: c, cluster: { server: \"https://from-kubeconfig.example\" } } ]\ncontexts: [ { name: c, context: { cluster: c } } ]\n";
}

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
        Clients.Environment(clock, _serviceAccount.Path, ("KUBERNETES_SERVICE_HOST", host), ("KUBERNETES_SERVICE_PORT", port));

    [Fact]
    public async Task The_generated_client_reaches_the_TLS_server_with_the_service_account_token_CA_and_namespace()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(TestCertificates.Shared.Server);

        ClusterConfiguration configuration = ClusterConfiguration.InCluster(Pod("127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await Clients.Kube(configuration).ListAsync(configuration.Namespace).Within();

        Assert.Equal(server.BaseAddress, configuration.Server);
        Assert.Equal("payments", configuration.Namespace);
        SeenRequest request = Assert.Single(server.Requests);
        Assert.Equal("Bearer service-account-token", request.Authorization);
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/payments/endpointslices", request.Path);
    }

    [Fact]
    public async Task The_rotated_service_account_token_is_used_after_the_reload_interval()
    {
        await using TestServer server = await TestServer.StartHttpsAsync(TestCertificates.Shared.Server);
        var clock = new ManualTimeProvider();
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

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ClusterConfiguration.InCluster(Clients.Environment(null, _serviceAccount.Path, variables.ToArray())));

        Assert.Contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set", e.Message);
    }
}

using System.Security.Cryptography.X509Certificates;
using SliceClientGen.Auth.Tests.Infrastructure;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;

namespace SliceClientGen.Auth.Tests;

/// <summary>The API server's certificate is checked against the configured CA alone, host name (or tls-server-name) included.</summary>
public sealed class ServerVerificationTests
{
    private static TestCertificates Certs => TestCertificates.Shared;

    private static ClusterConfiguration TrustingTestCa(LoopbackServer server, string? serverName = null) =>
        new(server.BaseAddress, tls: new TlsMaterial(certificateAuthorities: PemSource.FromText(Certs.Ca.CertificatePem, "test CA"), serverName: serverName));

    [Fact]
    public async Task A_server_certificate_of_the_configured_CA_is_accepted_though_the_machine_does_not_trust_that_CA()
    {
        using (var machine = new X509Chain())
        {
            machine.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.False(machine.Build(Certs.Server.Certificate), "The test CA must not be in the OS trust store.");
        }

        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);

        await Clients.Kube(TrustingTestCa(server)).ListAsync().Within();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_server_certificate_from_an_unknown_CA_is_refused_with_the_reason()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerFromOtherCa);

        Exception e = await Waits.FailureOf(() => Clients.Kube(TrustingTestCa(server)).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Equal(HttpRequestError.SecureConnectionError, failure.HttpRequestError);
        Assert.Contains("CN=impostor-apiserver", failure.Message);
        Assert.Contains("does not chain to the cluster's certificate authority (test CA)", failure.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Without_a_configured_CA_the_machine_trust_store_decides_and_refuses_the_test_server()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);

        Exception e = await Waits.FailureOf(() => Clients.Kube(new ClusterConfiguration(server.BaseAddress, tls: new TlsMaterial())).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("not trusted by this machine", failure.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_server_certificate_for_another_host_name_is_refused()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerForOtherHost);

        Exception e = await Waits.FailureOf(() => Clients.Kube(TrustingTestCa(server)).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("not valid for the host name", failure.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_tls_server_name_that_the_certificate_carries_is_accepted()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerForOtherHost);

        await Clients.Kube(TrustingTestCa(server, serverName: TestCertificates.OtherHostName)).ListAsync().Within();

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_tls_server_name_from_the_kubeconfig_that_the_certificate_carries_is_accepted()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.ServerForOtherHost);
        using var directory = new TempDirectory();
        string path = directory.Write("config", KubeConfigs.Single(server.BaseAddress, KubeConfigs.TrustTestCa.Append("tls-server-name: " + TestCertificates.OtherHostName), Array.Empty<string>()));

        ClusterConfiguration configuration = ClusterConfiguration.FromKubeConfig(path);
        await Clients.Kube(configuration).ListAsync().Within();

        Assert.Equal(TestCertificates.OtherHostName, configuration.Tls!.ServerName);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_tls_server_name_that_the_certificate_does_not_carry_is_refused_even_when_the_URL_host_matches()
    {
        await using LoopbackServer server = await LoopbackServer.StartHttpsAsync(Certs.Server);

        Exception e = await Waits.FailureOf(() => Clients.Kube(TrustingTestCa(server, serverName: TestCertificates.OtherHostName)).ListAsync());

        HttpRequestException failure = Assert.IsType<HttpRequestException>(e);
        Assert.Contains("is not valid for the server name '" + TestCertificates.OtherHostName + "'", failure.Message);
        Assert.Empty(server.Requests);
    }
}

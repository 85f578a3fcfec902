using System.Net;
using SliceClientGen.Runtime.Auth;
using SliceClientGen.Runtime.Config;
using SliceClientGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace SliceClientGen.Runtime.Tests;

/// <summary>The client verifies the API server against the cluster CA only, host name included.</summary>
public sealed class ServerVerificationTests
{
    private static readonly TestPki Pki = TestPki.Shared;

    private static PemSource ClusterCa => PemSource.FromText(Pki.ClusterCa.CertificatePem, "test cluster CA");

    [Fact]
    public async Task Server_certificate_from_the_cluster_CA_is_trusted_though_the_OS_trust_store_does_not_know_it()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        using HttpClient http = new ClusterConfiguration(server.Address, tls: new TlsMaterial(certificateAuthorities: ClusterCa)).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Server_certificate_from_an_unknown_CA_is_refused_by_the_client()
    {
        var logger = new ListLogger();
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerFromOtherCa.Certificate);
        using HttpClient http = new ClusterConfiguration(server.Address, tls: new TlsMaterial(certificateAuthorities: ClusterCa)).CreateHttpClient(logger);

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("version"));

        Assert.Empty(server.Requests);
        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Contains("does not chain to the cluster's certificate authority (test cluster CA)", error.Message);
        Assert.Contains("Some Other CA", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task Server_certificate_for_another_host_name_is_refused_even_from_the_cluster_CA()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerWithOtherName.Certificate);
        using HttpClient http = new ClusterConfiguration(server.Address, tls: new TlsMaterial(certificateAuthorities: ClusterCa)).CreateHttpClient();

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("version"));

        Assert.Empty(server.Requests);
        Assert.Contains("not valid for the host name", error.Message);
    }

    [Fact]
    public async Task Tls_server_name_is_checked_instead_of_the_URL_host()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.ServerForServiceName.Certificate);
        var tls = new TlsMaterial(certificateAuthorities: ClusterCa, serverName: "kubernetes.default.svc");
        using HttpClient http = new ClusterConfiguration(server.Address, tls: tls).CreateHttpClient();

        HttpResponseMessage response = await http.GetAsync("version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Tls_server_name_that_the_certificate_does_not_carry_is_refused()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        var tls = new TlsMaterial(certificateAuthorities: ClusterCa, serverName: "kubernetes.default.svc");
        using HttpClient http = new ClusterConfiguration(server.Address, tls: tls).CreateHttpClient();

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("version"));

        Assert.Contains("not valid for the server name 'kubernetes.default.svc'", error.Message);
    }

    [Fact]
    public async Task Without_a_cluster_CA_the_OS_trust_store_decides_and_refuses_a_private_CA()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(Pki.Server.Certificate);
        using HttpClient http = new ClusterConfiguration(server.Address).CreateHttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("version"));

        Assert.Empty(server.Requests);
    }
}
